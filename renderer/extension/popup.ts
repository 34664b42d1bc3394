/// <reference types="chrome" />
import { ask, type SaveOutcome } from './messages';

/**
 * The toolbar button's popup (and the keyboard shortcut's): it saves the tab it was opened on at
 * once and shows what happened, with the save's capture report. `?tab=N` names the tab when the
 * popup is opened as a page of its own.
 */
const statusLine = document.getElementById('status')!;
const warnings = document.getElementById('warnings')!;
const report = document.getElementById('report') as HTMLDetailsElement;
const reportLines = document.getElementById('report-lines')!;
document.getElementById('options')!.addEventListener('click', () => void chrome.runtime.openOptionsPage());

function items(list: HTMLElement, lines: string[]): void {
  list.replaceChildren(...lines.map((line) => Object.assign(document.createElement('li'), { textContent: line })));
}

function show(outcome: SaveOutcome): void {
  document.body.dataset.outcome = outcome.status;
  if (outcome.status === 'saved') {
    const { answer } = outcome;
    statusLine.textContent = `${answer.duplicate ? 'Already saved' : 'Saved'}: ${answer.title}`;
    items(warnings, answer.warnings);
    items(reportLines, answer.report);
    report.hidden = false;
    report.open = answer.warnings.length > 0;
  } else if (outcome.status === 'queued') {
    const others = outcome.waiting > 1 ? ` (and ${outcome.waiting - 1} before it)` : '';
    statusLine.textContent = `Waiting: ${outcome.reason} This save${others} waits here and is delivered when Offprint can take it.`;
  } else {
    statusLine.textContent = `Not saved: ${outcome.message}`;
  }
}

async function tabToSave(): Promise<number | undefined> {
  const named = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(named) && named > 0) return named;
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

void (async () => {
  const tabId = await tabToSave();
  if (tabId === undefined) return show({ status: 'failed', code: 'no-tab', message: 'There is no page to save here.' });
  show(await ask({ type: 'save-tab', tabId, selection: false }));
})();
