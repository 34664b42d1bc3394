export function satisfiesRange(version: string, range: string): boolean;
export function nodeVersionProblem(version: string, range: string): string | null;
export function electronInstallProblem(output: string, env: Record<string, string | undefined>): string;
export function linuxSandboxProblem(options: {
  platform: string;
  uid: number;
  readFile: (path: string) => string | null;
  chromeSandbox: { uid: number; mode: number } | null;
  chromeSandboxPath: string;
  electronPath: string;
}): string | null;
