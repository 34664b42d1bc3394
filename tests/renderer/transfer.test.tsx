import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { bytesToBase64 } from '../../renderer/base64';
import { DownloadBadge } from '../../renderer/components/DownloadBadge';
import { importProgressLine } from '../../renderer/components/ImportList';
import type { ImportSummary } from '../../shared/transfer';

const summary = (patch: Partial<ImportSummary>): ImportSummary => ({
  id: 'i',
  name: 'f',
  format: 'netscape',
  status: 'downloading',
  createdAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  wayback: false,
  listed: 5,
  total: 5,
  imported: 5,
  duplicates: 0,
  skipped: 0,
  highlights: 0,
  placed: 0,
  downloaded: 0,
  failed: 0,
  waiting: 5,
  skippedEntries: [],
  ...patch,
});

describe('renderer: import and export pieces (issue 15)', () => {
  it('says where an import is: entries listed while listing, then downloads N of M with failures and waiting', () => {
    expect(importProgressLine(summary({ status: 'listing', listed: 120, total: 20000 }))).toBe('120 of 20000 entries listed');
    expect(importProgressLine(summary({ downloaded: 2, failed: 1, waiting: 2 }))).toBe('3 of 5 downloaded · 1 failed · 2 waiting');
    expect(importProgressLine(summary({ status: 'done', downloaded: 5, waiting: 0 }))).toBe('5 of 5 downloaded');
  });

  it('the badge: waiting; failed with its reason and Retry; an archived copy with its date; nothing for an ordinary save', () => {
    const download = { importId: 'i', attempts: 2, wayback: false };
    const { rerender, container } = render(<DownloadBadge article={{ download: { ...download, status: 'waiting', error: null } }} />);
    expect(container.textContent).toBe('Waiting to be downloaded');
    const retry = vi.fn();
    rerender(<DownloadBadge article={{ download: { ...download, status: 'failed', error: 'The server answered 404 Not Found.' } }} onRetry={retry} />);
    expect(container.textContent).toContain('Download failed: The server answered 404 Not Found.');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
    rerender(<DownloadBadge article={{ archivedCopy: { archive: 'wayback', url: 'https://web.archive.org/web/2019/x', capturedAt: '2019-03-04T10:00:00Z' } }} />);
    expect(container.textContent).toMatch(/^Archived copy from .*2019/);
    rerender(<DownloadBadge article={{}} />);
    expect(container.textContent).toBe('');
  });

  it('sends a file as base64, large ones too', () => {
    expect(bytesToBase64(new TextEncoder().encode('Pocket ✓'))).toBe(Buffer.from('Pocket ✓').toString('base64'));
    const big = new Uint8Array(300_000).map((_, i) => i % 251);
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });
});

describe('renderer: the Import and export screen, over the real service', { timeout: 30_000 }, () => {
  it('sends the chosen file as base64 with its options, lists the import from its answer and events (skipped entries with reasons), and cancels it', async () => {
    const { Extractor } = await import('../../electron/capture/extractor');
    const { realApi } = await import('./real-api');
    const { App } = await import('../../renderer/App');
    const { act, waitFor, within } = await import('@testing-library/react');
    const extractor = new Extractor();
    const ctx = await realApi(extractor);
    try {
      act(() => void (window.location.hash = '#/import'));
      render(<App api={ctx.api} />);
      await screen.findByRole('heading', { name: 'Import and export' });
      const text = 'https://example.org/one\nhttps://example.net/two\njavascript:alert(1)\n';
      const file = new File([text], 'links.txt', { type: 'text/plain' });
      fireEvent.change(screen.getByLabelText('Export file from another app'), { target: { files: [file] } });
      fireEvent.click(screen.getByLabelText('Download pages now'));
      fireEvent.change(screen.getByLabelText('File format'), { target: { value: 'url-list' } });
      ctx.calls.length = 0;
      fireEvent.click(screen.getByRole('button', { name: 'Import' }));
      const item = await screen.findByRole('listitem', { name: 'Import of links.txt' });
      await within(item).findByText('0 of 2 downloaded · 2 waiting');
      expect(ctx.calls).toEqual(['importFile']);
      expect((await ctx.service.listImports({})).imports[0]).toMatchObject({ format: 'url-list', imported: 2, skipped: 1, status: 'paused' });
      fireEvent.click(within(item).getByText(/^Skipped entries/));
      expect(within(item).getByText(/javascript:alert\(1\)/)).toBeTruthy();
      expect((await ctx.service.listDownloads({})).waiting).toBe(2);
      // Cancelling removes the waiting articles; the screen hears it from the answer and the event.
      fireEvent.click(within(item).getByRole('button', { name: 'Cancel' }));
      await waitFor(() => expect(item.textContent).toMatch(/Cancelled/));
      expect(within(item).queryByRole('button', { name: 'Resume' })).toBeNull();
      expect((await ctx.service.listArticles({})).total).toBe(0);
      expect(ctx.calls.filter((m) => m === 'listImports')).toEqual([]);
    } finally {
      await ctx.cleanup();
      await extractor.close();
    }
  });
});
