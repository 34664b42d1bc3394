/**
 * The smallest store that does the job: state in one place, changed only by `dispatch(action)`
 * through a plain `(state, action) => state` reducer, and listeners told after each change. No
 * React here (see ./react.tsx for the hooks), so reducers are tested as plain functions.
 */
export interface Store<S, A> {
  getState(): S;
  dispatch(action: A): void;
  /** Called after every dispatch that changed the state; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export type Reducer<S, A> = (state: S, action: A) => S;

export function createStore<S, A>(reducer: Reducer<S, A>, initial: S): Store<S, A> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
