import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Extractor } from '../../electron/capture/extractor';
import { App } from '../../renderer/App';
import { EVENT_ACTIONS } from '../../renderer/store/events';
import { extensionsReducer, initialExtensions } from '../../renderer/store/extensions';
import { realApi } from './real-api';

const extractor = new Extractor();
afterAll(() => extractor.close());
const ORIGIN = `chrome-extension://${'f'.repeat(32)}`;

describe('renderer/store/extensions', () => {
  it('is loaded by the answers, marked stale by the event, and keeps its object when nothing changes', () => {
    const asked = extensionsReducer(initialExtensions, { type: 'extensions/requested' });
    // An event while the answer is on its way: that answer may not have it, so the state stays stale.
    const early = extensionsReducer(asked, EVENT_ACTIONS.extensionsChanged({}));
    expect(extensionsReducer(early, { type: 'extensions/loaded', endpoint: { listening: false, address: null, problem: null }, pairings: [], requests: [] })).toMatchObject({ stale: true, loading: false });
    const loaded = extensionsReducer(asked, { type: 'extensions/loaded', endpoint: { listening: true, address: 'http://127.0.0.1:1', problem: null }, pairings: [], requests: [] });
    expect(loaded.stale).toBe(false);
    const stale = extensionsReducer(loaded, EVENT_ACTIONS.extensionsChanged({}));
    expect(stale.stale).toBe(true);
    expect(extensionsReducer(stale, { type: 'extensions/changed' })).toBe(stale);
    expect(extensionsReducer(stale, { type: 'extensions/failed', message: 'no' })).toMatchObject({ loading: false, error: 'no' });
  });
});

describe('renderer: the browser extension screen (issue 16)', { timeout: 30_000 }, () => {
  let ctx: Awaited<ReturnType<typeof realApi>>;
  beforeEach(async () => {
    ctx = await realApi(extractor);
    return ctx.cleanup;
  });

  it('a request to pair appears from the event with its code; approving pairs it; revoking ends it', async () => {
    act(() => {
      window.location.hash = '#/extension';
    });
    render(<App api={ctx.api} />);
    await screen.findByText(/No extension is asking/);
    expect(screen.getByText(/Not listening for the browser extension/)).toBeTruthy();
    // The extension asks while the screen is open: the event brings it, nothing polls.
    const request = ctx.service.extension.request(ORIGIN, 'Test Chromium', 'n'.repeat(30));
    const requests = await screen.findByRole('list', { name: 'Pairing requests' });
    expect(requests.textContent).toContain(request.code);
    ctx.calls.length = 0;
    fireEvent.click(within(requests).getByRole('button', { name: `Approve ${request.code}` }));
    await screen.findByText(/No extension is asking/);
    // The extension collects its token (it asks about every second): from then on it is listed.
    expect((await ctx.service.extension.status(ORIGIN, request.requestId, 'n'.repeat(30))).status).toBe('approved');
    const paired = await screen.findByRole('list', { name: 'Paired extensions' });
    expect(paired.textContent).toContain('Test Chromium');
    expect(ctx.calls[0]).toBe('approveExtensionPairing');
    expect(screen.queryByRole('list', { name: 'Pairing requests' })).toBeNull();
    fireEvent.click(within(paired).getByRole('button', { name: 'Revoke Test Chromium' }));
    await screen.findByText('No extension is paired.');
    expect((await ctx.service.listExtensions({})).pairings).toEqual([]);
  });

  it('refusing a request takes it away and pairs nothing', async () => {
    const request = ctx.service.extension.request(ORIGIN, 'Refused browser', 'm'.repeat(30));
    act(() => {
      window.location.hash = '#/extension';
    });
    render(<App api={ctx.api} />);
    const requests = await screen.findByRole('list', { name: 'Pairing requests' });
    fireEvent.click(within(requests).getByRole('button', { name: 'Refuse' }));
    await screen.findByText(/No extension is asking/);
    expect(await ctx.service.extension.status(ORIGIN, request.requestId, 'm'.repeat(30))).toEqual({ status: 'denied' });
  });
});
