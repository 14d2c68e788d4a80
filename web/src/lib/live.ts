/**
 * The live stream (/api/stream, server-sent events): stats each second, new findings and decisions.
 * One EventSource for the whole app; pages subscribe to what they show.
 */
import { useEffect, useState } from 'react';
import type { DecisionEvent, FindingEvent, StatsEvent } from './types';

type Listener<T> = (value: T) => void;
const listeners = {
  stats: new Set<Listener<StatsEvent>>(),
  finding: new Set<Listener<FindingEvent>>(),
  decision: new Set<Listener<DecisionEvent>>(),
};
const statusListeners = new Set<Listener<boolean>>();
let source: EventSource | null = null;
let connected = false;

function setConnected(value: boolean): void {
  connected = value;
  statusListeners.forEach((l) => l(value));
}

function parse<T>(event: MessageEvent): T | null {
  try {
    return JSON.parse(String(event.data)) as T;
  } catch {
    return null;
  }
}

export function startLive(): void {
  if (source) return;
  source = new EventSource('/api/stream', { withCredentials: true });
  source.onopen = () => setConnected(true);
  source.onerror = () => setConnected(false);
  for (const name of ['stats', 'finding', 'decision'] as const) {
    source.addEventListener(name, (event) => {
      const value = parse(event as MessageEvent);
      if (value) (listeners[name] as Set<Listener<unknown>>).forEach((l) => l(value));
    });
  }
}

export function stopLive(): void {
  source?.close();
  source = null;
  setConnected(false);
}

export function subscribe<K extends keyof typeof listeners>(
  name: K,
  listener: (typeof listeners)[K] extends Set<infer L> ? L : never,
): () => void {
  const set = listeners[name] as Set<unknown>;
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

export function useLiveConnected(): boolean {
  const [value, setValue] = useState(connected);
  useEffect(() => {
    statusListeners.add(setValue);
    return () => {
      statusListeners.delete(setValue);
    };
  }, []);
  return value;
}

export function useLiveStats(): StatsEvent | null {
  const [stats, setStats] = useState<StatsEvent | null>(null);
  useEffect(() => subscribe('stats', setStats), []);
  return stats;
}
