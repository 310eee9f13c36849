/**
 * JSON kept in the phone's localStorage. Private mode, a full or disabled storage and corrupt
 * entries all behave as "nothing stored": the page then lives as long as the tab.
 */
export function readStored<T>(key: string, isValid: (value: unknown) => value is T): T | null {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}

/** Stores `value`, or removes the entry when it is null. */
export function writeStored(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // nothing to do: see above
  }
}

/** Narrowing for the guards: an object whose `key` holds a string. */
export const hasString = <K extends string>(value: unknown, key: K): value is Record<K, string> =>
  typeof value === 'object' &&
  value !== null &&
  key in value &&
  typeof (value as Record<K, unknown>)[key] === 'string';
