/**
 * What one audience of one meeting was last sent, per key (a room state's top-level field, a
 * participant's id), serialised: the base a delta is computed from. Pure; no I/O.
 *
 * Every client of the audience holds the baseline's value for each key, except a client that
 * was just given a snapshot newer than the baseline (on connect): `noteSnapshot` marks the keys
 * where that snapshot differs, and the next delta carries them whatever their value by then, so
 * a client that applies every delta always ends where a fresh snapshot would put it.
 */
export class SentBaseline {
  private sent: Map<string, string> | null = null;
  private readonly forced = new Set<string>();

  /** False until a snapshot was given out: there is nothing to compute a delta against. */
  get ready(): boolean {
    return this.sent !== null;
  }

  /** A client of this audience was just given `entries` as its snapshot. */
  noteSnapshot(entries: Iterable<[string, unknown]>): void {
    if (!this.sent) {
      this.sent = new Map();
      for (const [key, value] of entries) this.sent.set(key, JSON.stringify(value));
      return;
    }
    const seen = new Set<string>();
    for (const [key, value] of entries) {
      seen.add(key);
      if (this.sent.get(key) !== JSON.stringify(value)) this.forced.add(key);
    }
    for (const key of this.sent.keys()) if (!seen.has(key)) this.forced.add(key);
  }

  /**
   * What differs between the baseline and `entries` (in `entries`' order), plus the keys a
   * newer snapshot forced; nothing is recorded until `accept`.
   */
  changes(entries: Iterable<[string, unknown]>): Delta {
    const sent = this.sent ?? new Map<string, string>();
    const changed: Delta['changed'] = [];
    const seen = new Set<string>();
    for (const [key, value] of entries) {
      seen.add(key);
      const json = JSON.stringify(value);
      if (sent.get(key) !== json || this.forced.has(key)) changed.push({ key, value, json });
    }
    const removed = [...sent.keys(), ...this.forced].filter((key) => !seen.has(key));
    return { changed, removed: [...new Set(removed)] };
  }

  /** The delta was sent: it is the baseline now. */
  accept(delta: Delta): void {
    this.sent ??= new Map();
    for (const { key, json } of delta.changed) {
      this.sent.set(key, json);
      this.forced.delete(key);
    }
    for (const key of delta.removed) {
      this.sent.delete(key);
      this.forced.delete(key);
    }
  }

  /** Nobody of this audience is connected: forget, the next snapshot starts over. */
  reset(): void {
    this.sent = null;
    this.forced.clear();
  }
}

export interface Delta {
  changed: { key: string; value: unknown; json: string }[];
  removed: string[];
}

export const isEmptyDelta = (delta: Delta): boolean =>
  delta.changed.length === 0 && delta.removed.length === 0;
