import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createApiClient, serveTokenMissing, UNAUTHORIZED_EVENT } from './api';
import { TokenMissing } from './components/TokenMissing';
import '@fontsource/atkinson-hyperlegible/400.css';
import '@fontsource/atkinson-hyperlegible/700.css';
import './styles/app.css';
import './styles/marks.css';

/** `offprint serve` opened without its token (or with an old one) shows only how to get in, nothing of the app. */
function Page() {
  const [refused, setRefused] = useState(serveTokenMissing);
  const [api] = useState(() => (refused ? null : createApiClient()));
  useEffect(() => {
    const onRefused = () => setRefused(true);
    window.addEventListener(UNAUTHORIZED_EVENT, onRefused);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onRefused);
  }, []);
  return refused || !api ? <TokenMissing /> : <App api={api} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Page />
  </StrictMode>,
);
