import { useCallback, useEffect, useState } from 'react';

/** Runs `load` whenever its dependencies change; `reload` runs it again on demand. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<{ value: T | null; error: string | null; loading: boolean }>({ value: null, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  const stableLoad = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    stableLoad().then(
      (value) => live && setState({ value, error: null, loading: false }),
      (e: Error) => live && setState({ value: null, error: e.message, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [stableLoad, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload, setValue: (value: T) => setState({ value, error: null, loading: false }) };
}
