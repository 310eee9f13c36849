import {
  ERROR_CODES,
  PULSE_SCALE_ANSWERS,
  type PulseAnswer,
  type PulseScale,
  type PulseState,
} from '../../shared/protocol';
import { AppError } from '../errors';

/**
 * One temperature check (举牌), pure and in memory: who answered what is known only here,
 * only while it is open (so a changed answer replaces the old one and a reload or a second
 * tab never counts twice), and forgotten at close. Everything it shows is counts.
 */
export class PulseTally {
  /** participantId → answer; emptied at close. */
  private readonly answers = new Map<string, PulseAnswer>();
  private readonly phoneCounts = new Map<PulseAnswer, number>();
  private hallCounts = new Map<PulseAnswer, number>();
  private status: 'open' | 'closed' = 'open';
  private closedAt: string | null = null;

  constructor(
    readonly id: string,
    readonly scale: PulseScale,
    readonly question: string | null,
    readonly openedAt: string,
  ) {}

  get open(): boolean {
    return this.status === 'open';
  }

  private onScale(answer: string): answer is PulseAnswer {
    return (PULSE_SCALE_ANSWERS[this.scale] as readonly string[]).includes(answer);
  }

  /** Records (or changes) one person's answer. */
  answer(participantId: string, answer: PulseAnswer): void {
    if (!this.open) {
      throw new AppError(ERROR_CODES.PULSE_NOT_OPEN, 'The temperature check is closed');
    }
    if (!this.onScale(answer)) {
      throw new AppError(
        ERROR_CODES.PULSE_INVALID_ANSWER,
        `answer: "${answer}" is not on the ${this.scale} scale`,
      );
    }
    const before = this.answers.get(participantId);
    if (before === answer) return;
    if (before) this.phoneCounts.set(before, (this.phoneCounts.get(before) ?? 1) - 1);
    this.phoneCounts.set(answer, (this.phoneCounts.get(answer) ?? 0) + 1);
    this.answers.set(participantId, answer);
  }

  /** The person's own answer while open (null once closed: nobody's is kept). */
  mine(participantId: string): PulseAnswer | null {
    return this.answers.get(participantId) ?? null;
  }

  /** Hands counted in the hall, per card; replaces the last entry (open or closed alike). */
  setHall(counts: Partial<Record<PulseAnswer, number>>): void {
    const next = new Map<PulseAnswer, number>();
    for (const [answer, hands] of Object.entries(counts)) {
      if (!this.onScale(answer)) {
        throw new AppError(
          ERROR_CODES.PULSE_INVALID_ANSWER,
          `counts: "${answer}" is not on the ${this.scale} scale`,
        );
      }
      if (!Number.isInteger(hands) || hands < 0) {
        throw new AppError(ERROR_CODES.VALIDATION, `counts.${answer}: a number of hands`);
      }
      next.set(answer, hands);
    }
    this.hallCounts = next;
  }

  /** Closes it (a second close changes nothing) and forgets who answered what. */
  close(at: string): void {
    if (!this.open) return;
    this.status = 'closed';
    this.closedAt = at;
    this.answers.clear();
  }

  view(): PulseState {
    const counts = PULSE_SCALE_ANSWERS[this.scale].map((answer) => ({
      answer,
      phones: this.phoneCounts.get(answer) ?? 0,
      hall: this.hallCounts.get(answer) ?? 0,
    }));
    return {
      id: this.id,
      scale: this.scale,
      question: this.question,
      status: this.status,
      counts,
      phones: counts.reduce((sum, c) => sum + c.phones, 0),
      hall: counts.reduce((sum, c) => sum + c.hall, 0),
      openedAt: this.openedAt,
      closedAt: this.closedAt,
    };
  }
}
