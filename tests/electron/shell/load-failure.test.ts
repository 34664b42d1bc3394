import { describe, expect, it } from 'vitest';
import { LOAD_ABORTED, loadFailureMessage } from '../../../electron/shell/decisions/load-failure';

describe('electron/shell/decisions/load-failure', () => {
  it("a failed load of the window's page is said in words, with what to do", () => {
    const missing = loadFailureMessage({ errorCode: -6, errorDescription: 'ERR_FILE_NOT_FOUND', url: 'offprint://app/index.html', isMainFrame: true }, false);
    expect(missing?.message).toContain('offprint://app/index.html');
    expect(missing?.message).toContain('ERR_FILE_NOT_FOUND');
    expect(missing?.detail).toContain('npm run build');
    const dev = loadFailureMessage({ errorCode: -102, errorDescription: 'ERR_CONNECTION_REFUSED', url: 'http://localhost:5173/', isMainFrame: true }, true);
    expect(dev?.detail).toContain('npm run dev');
  });

  it('says nothing for a subframe or for a load replaced by another', () => {
    expect(loadFailureMessage({ errorCode: -6, errorDescription: 'x', url: 'offprint://app/', isMainFrame: false }, false)).toBeNull();
    expect(loadFailureMessage({ errorCode: LOAD_ABORTED, errorDescription: 'ERR_ABORTED', url: 'offprint://app/', isMainFrame: true }, false)).toBeNull();
  });
});
