/** Load-once-and-reload data hook: loading, error and data, with stale answers dropped. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { get } from './api';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export function useApi<T>(path: string | null, refreshMs?: number): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const sequence = useRef(0);

  const load = useCallback(() => {
    if (path === null) return;
    const mine = ++sequence.current;
    setLoading(true);
    get<T>(path)
      .then((value) => {
        if (mine !== sequence.current) return;
        setData(value);
        setError(null);
      })
      .catch((e: unknown) => {
        if (mine !== sequence.current) return;
        setError(e instanceof Error ? e.message : String(e));
      })
      .finally(() => {
        if (mine === sequence.current) setLoading(false);
      });
  }, [path]);

  useEffect(() => {
    load();
    if (!refreshMs) return;
    const timer = setInterval(load, refreshMs);
    return () => clearInterval(timer);
  }, [load, refreshMs]);

  return { data, error, loading, reload: load };
}
