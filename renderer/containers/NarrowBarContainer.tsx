import { useRef } from 'react';
import { Dialog } from '../components/Dialog';
import type { Route } from '../route';
import { useDispatch, useSelector } from '../store/react';
import { AddContainer } from './AddContainer';
import { SidebarContainer } from './SidebarContainer';

/** Below 900 px: a bar with the menu button, the app's name and "+ Add"; the sidebar opens as a menu over the page. */
export function NarrowBarContainer({ route }: { route: Route }) {
  const open = useSelector((state) => state.ui.menu);
  const dispatch = useDispatch();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const close = () => dispatch({ type: 'ui/menu', open: false });
  return (
    <header className="narrow-bar">
      <button ref={buttonRef} type="button" className="icon-button menu-button" aria-expanded={open} aria-label="Menu" onClick={() => dispatch({ type: 'ui/menu', open: !open })}>
        <span aria-hidden="true">☰</span>
      </button>
      <a className="brand" href="#/">
        Offprint
      </a>
      <AddContainer compact />
      {open && (
        <Dialog title="Menu" showTitle={false} onClose={close} className="drawer" returnFocus={() => buttonRef.current}>
          <SidebarContainer route={route} inMenu onNavigate={close} />
        </Dialog>
      )}
    </header>
  );
}
