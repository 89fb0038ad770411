/** Loads one thing from the API for a component: loading, its data, or the error; a newer load wins over an older one still on its way. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Resource<T> = { state: 'loading'; data?: T } | { state: 'ready'; data: T } | { state: 'failed'; error: unknown; data?: T };

export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[]): [Resource<T>, () => void, (data: T) => void] {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setResource((previous) => ({ state: 'loading', data: previous.data }));
    load().then(
      (data) => mine === generation.current && setResource({ state: 'ready', data }),
      (error: unknown) => mine === generation.current && setResource((previous) => ({ state: 'failed', error, data: previous.data })),
    );
  }, deps); // `deps` names what `load` reads: the caller's list, as useEffect's.
  useEffect(run, [run]);
  const replace = useCallback((data: T) => setResource({ state: 'ready', data }), []);
  return [resource, run, replace];
}
