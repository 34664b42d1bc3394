/// <reference types="chrome" />
import { EXTENSION_LIMITS, type SaveRequest } from '../../shared/extension-protocol';
import { type CapturedPage, capturePage } from './capture-page';
import { call, ChannelError } from './channel';
import type { BackgroundRequest, BackgroundStatus, SaveOutcome } from './messages';
import { SaveQueue } from './queue';
import { extensionStore, loadConnection } from './settings';

/**
 * The extension's background (issue 16): the toolbar popup, the context menu and the keyboard
 * shortcut come here to save. It reads the page in the tab (capture-page.ts), fetches the images the
 * page could not, and hands the save to Offprint; when Offprint is not running the save waits in
 * the queue, the button's badge says how many wait, and they are delivered when Offprint answers
 * (every minute, on the browser's start, and before every new save).
 */
const queue = new SaveQueue(extensionStore, async (request) => call(await loadConnection(), 'save', request));
let lastReason: string | null = null;

async function saveTab(tabId: number, selection: boolean): Promise<SaveOutcome> {
  let page: CapturedPage;
  try {
    const [injected] = await chrome.scripting.executeScript({ target: { tabId }, func: capturePage, args: [selection, EXTENSION_LIMITS] });
    if (!injected?.result) throw new Error('The page gave nothing back.');
    page = injected.result as CapturedPage;
  } catch (error) {
    return failed('unreadable', `This page cannot be read by an extension (${error instanceof Error ? error.message : String(error)}). Browser pages and the extension store cannot be saved.`);
  }
  const images = [...page.images, ...(await fetchMissing(page.missing, page.images))];
  return submit({ kind: 'page', url: page.url, title: page.title, html: page.html, selection: page.selection, images });
}

/** Images of other origins the page could not read: fetched here, with the browser's cookies for their site. */
async function fetchMissing(urls: string[], have: { data: string }[]): Promise<{ url: string; data: string }[]> {
  let total = have.reduce((n, i) => n + (i.data.length * 3) / 4, 0);
  const found: { url: string; data: string }[] = [];
  for (const url of urls) {
    try {
      const response = await fetch(url, { credentials: 'include' });
      if (!response.ok) continue;
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.byteLength > EXTENSION_LIMITS.imageBytes || total + bytes.byteLength > EXTENSION_LIMITS.allImageBytes) continue;
      total += bytes.byteLength;
      found.push({ url, data: toBase64(bytes) });
    } catch {
      // Left for Offprint to fetch itself (and to say in the capture report if it cannot).
    }
  }
  return found;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function submit(request: SaveRequest): Promise<SaveOutcome> {
  // Waiting saves go first, so saves reach Offprint in the order they were made.
  const before = await queue.deliver();
  if (before.waiting > 0) return wait(request, before.reason ?? 'Offprint is not running.');
  try {
    const answer = await call(await loadConnection(), 'save', request);
    lastReason = null;
    await showBadge(0);
    return { status: 'saved', answer };
  } catch (error) {
    if (error instanceof ChannelError && (error.code === 'unreachable' || error.code === 'not-paired')) return wait(request, error.message);
    return failed(error instanceof ChannelError ? error.code : 'internal', error instanceof Error ? error.message : String(error));
  }
}

async function wait(request: SaveRequest, reason: string): Promise<SaveOutcome> {
  const waiting = await queue.add(request);
  lastReason = reason;
  await showBadge(waiting);
  return { status: 'queued', waiting, reason };
}

async function failed(code: string, message: string): Promise<SaveOutcome> {
  await chrome.action.setBadgeText({ text: '!' });
  await chrome.action.setTitle({ title: `Save to Offprint: ${message}` });
  return { status: 'failed', code, message };
}

async function deliver(): Promise<BackgroundStatus> {
  const result = await queue.deliver();
  lastReason = result.reason;
  await showBadge(result.waiting);
  return { waiting: result.waiting, reason: result.reason };
}

/** The button says how many saves wait for Offprint, and why. */
async function showBadge(waiting: number): Promise<void> {
  await chrome.action.setBadgeBackgroundColor({ color: '#b45309' });
  await chrome.action.setBadgeText({ text: waiting ? String(waiting) : '' });
  await chrome.action.setTitle({ title: waiting ? `Save to Offprint: ${waiting} waiting (${lastReason ?? 'Offprint is not running'}). They are saved when Offprint runs.` : 'Save to Offprint' });
}

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({ id: 'page', title: 'Save page to Offprint', contexts: ['page'] });
  chrome.contextMenus.create({ id: 'selection', title: 'Save selection to Offprint', contexts: ['selection'] });
  chrome.contextMenus.create({ id: 'link', title: 'Save link to Offprint', contexts: ['link'] });
});
chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === 'link' && info.linkUrl) void submit({ kind: 'link', url: info.linkUrl, ...(info.selectionText ? { title: info.selectionText.slice(0, 1000) } : {}) });
  else if (tab?.id !== undefined) void saveTab(tab.id, info.menuItemId === 'selection');
});

void chrome.alarms.create('deliver', { periodInMinutes: 1 });
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === 'deliver') void deliver();
});
chrome.runtime.onStartup.addListener(() => void deliver());

chrome.runtime.onMessage.addListener((message: BackgroundRequest, sender, reply) => {
  // Only the extension's own pages (popup, options) ask; a content script never does.
  if (sender.id !== chrome.runtime.id || !sender.url?.startsWith(chrome.runtime.getURL(''))) return false;
  const answer = message.type === 'save-tab' ? saveTab(message.tabId, message.selection) : message.type === 'deliver' ? deliver() : queue.list().then((list) => ({ waiting: list.length, reason: list.length ? lastReason : null }));
  answer.then(reply, (error: unknown) => reply({ status: 'failed', code: 'internal', message: String(error) }));
  return true;
});
