/**
 * All a page served by `offprint serve` shows when it was opened without the token that server
 * printed (or with one from an earlier run): nothing of the library, only how to get in.
 */
export function TokenMissing() {
  return (
    <main className="token-missing" id="main">
      <h1>Open the address offprint serve printed</h1>
      <p>
        This page needs the token that <code>offprint serve</code> printed when it started: open the whole address it printed, the one that ends in{' '}
        <code>?token=…</code>. A token from an earlier run no longer works; each run prints a new one.
      </p>
    </main>
  );
}
