import { type ReactNode, type RefObject, useEffect, useId, useRef } from 'react';
import { focusables } from '../focus';

interface Props {
  label: string;
  /** The button that opened it: focus goes back to it on Esc, and a click on it is not "outside". */
  anchorRef: RefObject<HTMLElement | null>;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  /** What gets focus first (default: the first control). */
  initialFocus?: string;
  /** Where focus goes on Esc, when the anchor is not itself focusable (default: the anchor). */
  returnFocus?: () => HTMLElement | null;
}

/**
 * A panel anchored under the control that opened it, not modal: focus moves in without scrolling
 * the page, Esc closes it and returns focus to its button, a click outside closes it. Props only.
 */
export function Popover({ label, anchorRef, onClose, children, className, initialFocus, returnFocus }: Props) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const panel = ref.current;
    const first = (initialFocus && panel?.querySelector<HTMLElement>(initialFocus)) || (panel ? focusables(panel)[0] : null) || panel;
    first?.focus({ preventScroll: true });
    const outside = (event: MouseEvent) => {
      const target = event.target as Node;
      if (ref.current?.contains(target) || anchorRef.current?.contains(target)) return;
      closeRef.current();
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [anchorRef, initialFocus]);

  return (
    <div
      ref={ref}
      id={id}
      className={`popover ${className ?? ''}`}
      role="dialog"
      aria-label={label}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        e.preventDefault();
        closeRef.current();
        (returnFocus?.() ?? anchorRef.current)?.focus({ preventScroll: true });
      }}
    >
      {children}
    </div>
  );
}
