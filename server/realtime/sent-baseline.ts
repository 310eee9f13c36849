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

  /**
   * `fingerprint` says when a value counts as changed for this audience (by default: any
   * change to its JSON); a change it does not see is not sent.
   */
  constructor(private readonly fingerprint: Fingerprint = serialised) {}

  /** False until a snapshot was given out: there is nothing to compute a delta against. */
  get ready(): boolean {
    return this.sent !== null;
  }

  /** A client of this audience was just given `entries` as its snapshot. */
  noteSnapshot(entries: Iterable<[string, unknown]>): void {
    if (!this.sent) {
      this.sent = new Map();
      for (const [key, value] of entries) this.sent.set(key, this.fingerprint(key, value));
      return;
    }
    const seen = new Set<string>();
    for (const [key, value] of entries) {
      seen.add(key);
      if (this.sent.get(key) !== this.fingerprint(key, value)) this.forced.add(key);
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
      const print = this.fingerprint(key, value);
      if (sent.get(key) !== print || this.forced.has(key)) changed.push({ key, value, print });
    }
    const removed = [...sent.keys(), ...this.forced].filter((key) => !seen.has(key));
    return { changed, removed: [...new Set(removed)] };
  }

  /** The delta was sent: it is the baseline now. */
  accept(delta: Delta): void {
    this.sent ??= new Map();
    for (const { key, print } of delta.changed) {
      this.sent.set(key, print);
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
  changed: { key: string; value: unknown; print: string }[];
  removed: string[];
}

export const isEmptyDelta = (delta: Delta): boolean =>
  delta.changed.length === 0 && delta.removed.length === 0;

/** What a baseline compares a value by (and keeps of it). */
export type Fingerprint = (key: string, value: unknown) => string;
const serialised: Fingerprint = (_key, value) => JSON.stringify(value);
