import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  disabled?: boolean;
}

interface Props {
  /** The button's accessible name ("More actions: <title>"). */
  label: string;
  items: MenuItem[];
  className?: string;
  /** What the button shows (default ⋯). */
  face?: string;
}

/**
 * A button that opens a menu of actions: arrow keys move through it, Enter or a click chooses,
 * Esc or a click outside closes it and focus goes back to the button. Props only.
 */
export function MenuButton({ label, items, className, face = '⋯' }: Props) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const entries = () => Array.from(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? []);

  useEffect(() => {
    if (!open) return;
    entries()[0]?.focus({ preventScroll: true });
    const outside = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus({ preventScroll: true });
  };

  function onKeyDown(event: KeyboardEvent) {
    const list = entries();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') close(true);
    else if (event.key === 'ArrowDown') list[(at + 1) % list.length]?.focus();
    else if (event.key === 'ArrowUp') list[(at - 1 + list.length) % list.length]?.focus();
    else if (event.key === 'Home') list[0]?.focus();
    else if (event.key === 'End') list.at(-1)?.focus();
    else if (event.key === 'Tab') return setOpen(false);
    else return;
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <span className={`menu-anchor ${className ?? ''}`}>
      <button
        ref={buttonRef}
        type="button"
        className="icon-button"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((v) => !v)}
      >
        <span aria-hidden="true">{face}</span>
      </button>
      {open && (
        <div ref={menuRef} id={id} role="menu" aria-label={label} className="menu" onKeyDown={onKeyDown}>
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              disabled={item.disabled}
              className={item.danger ? 'danger' : undefined}
              onClick={() => {
                // The item's own action decides where focus goes (a dialog, a popover, the next row).
                close(false);
                item.onSelect();
                // An action that moved focus nowhere (it went with the menu): back to the button.
                requestAnimationFrame(() => {
                  if (document.activeElement === document.body || document.activeElement === null) buttonRef.current?.focus({ preventScroll: true });
                });
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </span>
  );
}
