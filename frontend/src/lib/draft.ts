import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * A form draft kept in localStorage, so a reload, a closed tab or a failed save loses nothing.
 * The draft is versioned: a stored draft of an older shape is dropped rather than half-loaded.
 */
export interface DraftStore<T> {
  load(): T | null;
  save(value: T): void;
  clear(): void;
}

interface Stored<T> {
  v: number;
  savedAt: string;
  value: T;
}

export function createDraftStore<T>(key: string, version = 1, storage: Storage = localStorage): DraftStore<T> {
  const fullKey = `rapport:draft:${key}`;
  return {
    load() {
      try {
        const raw = storage.getItem(fullKey);
        if (!raw) return null;
        const stored = JSON.parse(raw) as Stored<T>;
        return stored.v === version ? stored.value : null;
      } catch {
        return null;
      }
    },
    save(value) {
      try {
        const stored: Stored<T> = { v: version, savedAt: new Date().toISOString(), value };
        storage.setItem(fullKey, JSON.stringify(stored));
      } catch {
        // Full or disabled storage: the form still works, only without a draft.
      }
    },
    clear() {
      try {
        storage.removeItem(fullKey);
      } catch {
        // as above
      }
    },
  };
}

/**
 * Saves `values` (debounced) while `enabled`; returns the draft found at mount and a way to
 * drop it once the form is saved.
 */
export function useDraft<T>(
  store: DraftStore<T>,
  values: T,
  options: { enabled?: boolean; delayMs?: number; isEmpty?: (value: T) => boolean } = {},
) {
  const { enabled = true, delayMs = 400, isEmpty } = options;
  const [initial] = useState(() => store.load());
  const cleared = useRef(false);

  useEffect(() => {
    if (!enabled) return undefined;
    cleared.current = false;
    const timer = setTimeout(() => {
      if (isEmpty?.(values)) store.clear();
      else if (!cleared.current) store.save(values);
    }, delayMs);
    return () => clearTimeout(timer);
  }, [store, values, enabled, delayMs, isEmpty]);

  const clear = useCallback(() => {
    cleared.current = true;
    store.clear();
  }, [store]);

  return { initial, clear };
}
