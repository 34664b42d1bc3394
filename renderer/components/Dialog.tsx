import { type ReactNode, useEffect, useId, useRef } from 'react';
import { focusables, trapTab } from '../focus';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  /** Shown as the dialog's heading; false keeps the title for screen readers only. */
  showTitle?: boolean;
  /** Where focus goes back to on close, when the element that opened the dialog is gone (a menu item). */
  returnFocus?: () => HTMLElement | null;
  /** What gets focus first (default: the first control in the dialog). */
  initialFocus?: string;
}

/**
 * A modal dialog: focus moves in when it opens, Tab and Shift+Tab stay inside, Esc or a click on
 * the backdrop closes it, and focus goes back to where it was (or to `returnFocus`). Props only.
 */
export function Dialog({ title, onClose, children, className, showTitle = true, returnFocus, initialFocus }: Props) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  const returnRef = useRef(returnFocus);
  returnRef.current = returnFocus;

  useEffect(() => {
    // Opened from a menu item, focus is already on the body (the menu went as the dialog came): that is no place to go back to.
    const active = document.activeElement;
    const opener = active instanceof HTMLElement && active !== document.body ? active : null;
    const dialog = ref.current;
    const first = (initialFocus && dialog?.querySelector<HTMLElement>(initialFocus)) || (dialog ? focusables(dialog)[0] : null) || dialog;
    first?.focus({ preventScroll: true });
    return () => {
      const back = opener?.isConnected ? opener : (returnRef.current?.() ?? null);
      // After React has removed the dialog, so that nothing inside it takes the focus back.
      queueMicrotask(() => back?.focus({ preventScroll: true }));
    };
  }, [initialFocus]);

  return (
    <div
      className="dialog-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) closeRef.current();
      }}
    >
      <div
        ref={ref}
        className={`dialog ${className ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            e.preventDefault();
            closeRef.current();
          } else if (ref.current) trapTab(e, ref.current);
        }}
      >
        <h2 id={`${id}-title`} className={showTitle ? 'dialog-title' : 'visually-hidden'}>
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}
