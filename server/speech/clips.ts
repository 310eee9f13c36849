/**
 * Read-aloud clips, made one at a time: a bounded queue in front of the engine (engine.ts), the
 * same text asked for twice at once made once, and finished clips kept by content hash in a
 * bounded in-memory LRU (a vote's reading changes only when it closes).
 */
import { createHash } from 'node:crypto';
import { ERROR_CODES } from '../../shared/protocol';
import { AppError } from '../errors';
import { ESPEAK_ARGS, LAME_ARGS, synthesize, type EngineBins, type SpeechProblem } from './engine';

export const CLIP_LIMITS = {
  /** Clips waiting or being made; one more is refused with SPEECH_BUSY. */
  maxQueued: 8,
  /** The cache holds at most this many bytes of MP3 (~2 hours of speech). */
  cacheBytes: 24 * 1024 * 1024,
  /** Retry-After of a SPEECH_BUSY refusal. */
  retryAfterSec: 2,
} as const;

export interface Clip {
  mp3: Buffer;
  /** The hex SHA-256 of what was synthesised (and how): the ETag. */
  hash: string;
}

/** A typed refusal with its wait (REST sends it as Retry-After). */
class SpeechBusyError extends AppError {
  readonly retryAfterSec = CLIP_LIMITS.retryAfterSec;
  constructor() {
    super(ERROR_CODES.SPEECH_BUSY, 'Too many read-aloud clips in the making: try again shortly');
  }
}

export class ClipMaker {
  private readonly cache = new Map<string, Buffer>();
  private cachedBytes = 0;
  private readonly inFlight = new Map<string, Promise<Clip>>();
  private tail: Promise<unknown> = Promise.resolve();
  /** Synthesis runs so far (tests and logs). */
  made = 0;

  constructor(
    private readonly bins: EngineBins,
    /** Null once the engine was found complete (engine.ts checkEngine). */
    readonly problem: SpeechProblem | null,
    private readonly synth: (ssml: string, bins: EngineBins) => Promise<Buffer> = synthesize,
  ) {}

  get available(): boolean {
    return this.problem === null;
  }

  clip(ssml: string): Promise<Clip> {
    if (this.problem) {
      return Promise.reject(
        new AppError(ERROR_CODES.SPEECH_UNAVAILABLE, 'This server cannot make read-aloud clips'),
      );
    }
    const hash = createHash('sha256')
      .update(JSON.stringify([ESPEAK_ARGS, LAME_ARGS, ssml]))
      .digest('hex');
    const cached = this.cache.get(hash);
    if (cached) {
      this.cache.delete(hash);
      this.cache.set(hash, cached);
      return Promise.resolve({ mp3: cached, hash });
    }
    const pending = this.inFlight.get(hash);
    if (pending) return pending;
    if (this.inFlight.size >= CLIP_LIMITS.maxQueued) return Promise.reject(new SpeechBusyError());
    const run = this.tail.then(() => this.synth(ssml, this.bins));
    this.tail = run.catch(() => undefined);
    const made = run
      .then((mp3) => {
        this.made++;
        this.remember(hash, mp3);
        return { mp3, hash };
      })
      .finally(() => this.inFlight.delete(hash));
    this.inFlight.set(hash, made);
    return made;
  }

  private remember(hash: string, mp3: Buffer): void {
    if (mp3.length > CLIP_LIMITS.cacheBytes) return;
    this.cache.set(hash, mp3);
    this.cachedBytes += mp3.length;
    for (const [key, value] of this.cache) {
      if (this.cachedBytes <= CLIP_LIMITS.cacheBytes) break;
      this.cache.delete(key);
      this.cachedBytes -= value.length;
    }
  }
}
