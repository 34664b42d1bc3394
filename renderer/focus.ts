import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

/** What Tab can reach inside a container, in order. */
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function focusables(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => !el.closest('[hidden], [inert]'));
}

/** Keeps Tab and Shift+Tab inside `container` (for a modal dialog). Returns true when it moved focus. */
export function trapTab(event: KeyboardEvent | ReactKeyboardEvent, container: HTMLElement): boolean {
  if (event.key !== 'Tab') return false;
  const items = focusables(container);
  if (items.length === 0) {
    event.preventDefault();
    return true;
  }
  const first = items[0]!;
  const last = items[items.length - 1]!;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !container.contains(active))) {
    event.preventDefault();
    last.focus();
    return true;
  }
  if (!event.shiftKey && (active === last || !container.contains(active))) {
    event.preventDefault();
    first.focus();
    return true;
  }
  return false;
}

/**
 * Focuses an element that may not be on the page yet (a row the virtual list has still to render,
 * a button a state change is about to show), trying for a few frames.
 */
export function focusWhenThere(find: () => HTMLElement | null, options: FocusOptions = { preventScroll: true }, frames = 20): void {
  const attempt = (left: number) => {
    const el = find();
    if (el) el.focus(options);
    else if (left > 0) requestAnimationFrame(() => attempt(left - 1));
  };
  attempt(frames);
}

/** The title link of a list row, by article id. */
export const rowTitle = (id: string) => () => (/^[a-z0-9-]+$/.test(id) ? document.querySelector<HTMLElement>(`[data-article-id="${id}"] .article-title`) : null);
