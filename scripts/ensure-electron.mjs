// electron 45 has no install script: its binary is fetched the first time `require('electron')`
// runs. electron-vite only looks for the binary, so fetch it here before `npm start` / `npm run dev`.
import { createRequire } from 'node:module';

try {
  const path = createRequire(import.meta.url)('electron');
  process.stderr.write(`Electron: ${path}\n`);
} catch (error) {
  process.stderr.write(
    `Offprint needs the Electron binary, which is downloaded on first start and could not be fetched:\n  ${error.message}\n` +
      'The CLI and `npm run offprint -- serve` work without it.\n',
  );
  process.exit(1);
}
