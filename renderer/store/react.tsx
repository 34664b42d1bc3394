import { createContext, type ReactNode, useContext, useMemo, useRef, useSyncExternalStore } from 'react';
import type { OffprintClient } from '../api';
import type { Action } from './actions';
import type { AppState, AppStore } from './state';

interface StoreContextValue {
  store: AppStore;
  api: OffprintClient;
}

const StoreContext = createContext<StoreContextValue | null>(null);

/** Gives every container below the store and the API. */
export function StoreProvider({ store, api, children }: { store: AppStore; api: OffprintClient; children: ReactNode }) {
  const value = useMemo(() => ({ store, api }), [store, api]);
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}

function useStoreContext(): StoreContextValue {
  const value = useContext(StoreContext);
  if (!value) throw new Error('A container is used outside <StoreProvider>.');
  return value;
}

/**
 * What `select` picks from the state; the component renders again only when that value changes
 * (`Object.is`, or `equal` for a value built afresh each time, such as an array of articles).
 */
export function useSelector<T>(select: (state: AppState) => T, equal: (a: T, b: T) => boolean = Object.is): T {
  const { store } = useStoreContext();
  const last = useRef<{ value: T } | null>(null);
  const snapshot = () => {
    const next = select(store.getState());
    if (last.current && equal(last.current.value, next)) return last.current.value;
    last.current = { value: next };
    return next;
  };
  return useSyncExternalStore(store.subscribe, snapshot);
}

/** Arrays with the same items in the same order (for `useSelector`'s `equal`). */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

export function useDispatch(): (action: Action) => void {
  return useStoreContext().store.dispatch;
}

/** The renderer's door to the library (renderer/api.ts), for containers: components never get it. */
export function useApi(): OffprintClient {
  return useStoreContext().api;
}

/** The store itself, for effects that read the latest state without rendering on it. */
export function useStore(): AppStore {
  return useStoreContext().store;
}
