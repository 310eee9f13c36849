/**
 * A seeded generator of hostile inputs, shared by tests/security/fuzz.test.ts (bounded) and
 * the `npm run bench -- fuzz` scenario (longer). Same seed, same cases.
 */
export class Gen {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** mulberry32: small, fast, good enough to spread cases. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(max: number): Uint8Array {
    const out = new Uint8Array(this.int(max + 1));
    for (let i = 0; i < out.length; i += 1) out[i] = this.int(256);
    return out;
  }

  /** Strings that have broken parsers and renderers before. */
  string(): string {
    const specials = [
      '',
      ' ',
      '0',
      '-1',
      'null',
      'undefined',
      '__proto__',
      'constructor',
      '<script>alert(1)</script>',
      'javascript:alert(1)',
      '\u0000',
      '\uFFFE\uFFFF',
      '\uD800',
      '\u202E\u2066',
      '李大爷',
      '%00',
      '../../etc/passwd',
      "'; DROP TABLE votes; --",
      '{{7*7}}',
      '1e309',
    ];
    if (this.chance(0.4)) return this.pick(specials);
    if (this.chance(0.05)) return 'x'.repeat(this.pick([201, 2001, 4001, 70_000]));
    const length = this.int(40);
    let s = '';
    for (let i = 0; i < length; i += 1) {
      s += this.chance(0.8)
        ? String.fromCharCode(32 + this.int(95))
        : String.fromCharCode(this.int(0x10000));
    }
    return s;
  }

  number(): number {
    return this.pick([
      0,
      -0,
      1,
      -1,
      0.5,
      2 ** 31,
      2 ** 53 + 1,
      -(2 ** 63),
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      1e-300,
      this.int(100),
      this.next() * 1e6,
    ]);
  }

  /** A random JSON-able value (plus the odd value JSON cannot carry). */
  value(depth = 0): unknown {
    const kind = this.int(depth > 3 ? 5 : 8);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.number();
      case 3:
      case 4:
        return this.string();
      case 5:
        return Array.from({ length: this.int(5) }, () => this.value(depth + 1));
      default: {
        const out: Record<string, unknown> = {};
        const keys = [...FIELD_NAMES, '__proto__', 'constructor', this.string()];
        for (let i = this.int(6); i > 0; i -= 1) out[this.pick(keys)] = this.value(depth + 1);
        return out;
      }
    }
  }
}

/** Field names the protocol uses, so random objects sometimes get past the first check. */
export const FIELD_NAMES = [
  'id',
  'voteId',
  'itemId',
  'entryId',
  'participantId',
  'choice',
  'options',
  'raised',
  'name',
  'attendance',
  'role',
  'proposal',
  'rule',
  'title',
  'durationMin',
  'notes',
  'items',
  'count',
  'counts',
  'yes',
  'no',
  'abstain',
  'token',
  'secret',
  'username',
  'password',
  'displayName',
  'quorum',
  'muted',
  'kind',
  'rtpParameters',
  'dtlsParameters',
  'transportId',
  'producerId',
  'consumerId',
  'action',
  'seconds',
  'toIndex',
  'ballotId',
  'mandate',
  'position',
];

export const seedFromEnv = (): number =>
  process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
