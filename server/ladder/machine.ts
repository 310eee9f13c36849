import {
  ERROR_CODES,
  LADDER_LEVELS,
  type Ladder,
  type LadderDecision,
  type LadderLevel,
  type LadderPosition,
} from '../../shared/protocol';
import { AppError } from '../errors';

/**
 * The consensus ladder as a pure state machine: open → (positions, revisions)* → decided.
 * A revision clears positions (people are asked again about the new text) but keeps every
 * objection ever raised. The decision must be honest about the positions on the final text:
 * no "consensus" over an objection or a reservation.
 */
export function openLadder(id: string, meetingId: string, text: string, at: string): Ladder {
  return {
    id,
    meetingId,
    status: 'open',
    versions: [{ text, at }],
    positions: [],
    counts: countsOf([]),
    objections: [],
    decision: null,
    dissent: [],
    openedAt: at,
    decidedAt: null,
  };
}

export function countsOf(positions: readonly LadderPosition[]): Record<LadderLevel, number> {
  const counts = Object.fromEntries(LADDER_LEVELS.map((l) => [l, 0])) as Record<
    LadderLevel,
    number
  >;
  for (const p of positions) counts[p.level] += 1;
  return counts;
}

function assertOpen(ladder: Ladder): void {
  if (ladder.status !== 'open') {
    throw new AppError(ERROR_CODES.LADDER_DECIDED, 'The consensus ladder is already decided');
  }
}

export function setPosition(
  ladder: Ladder,
  who: { participantId: string; name: string },
  level: LadderLevel,
  reason: string | undefined,
  positionId?: string,
): Ladder {
  assertOpen(ladder);
  // Already applied (a phone resending a queued position after a lost ack): unchanged.
  const mine = (p: LadderPosition) =>
    p.participantId === who.participantId && p.positionId === positionId;
  if (positionId !== undefined && (ladder.positions.some(mine) || ladder.objections.some(mine))) {
    return ladder;
  }
  const text = reason?.trim() ?? '';
  if (level === 'oppose' && text === '') {
    throw new AppError(ERROR_CODES.REASON_REQUIRED, 'reason: an objection needs a reason');
  }
  const position: LadderPosition = {
    ...who,
    level,
    reason: text === '' ? null : text,
    version: ladder.versions.length - 1,
    ...(positionId === undefined ? {} : { positionId }),
  };
  const positions = [...ladder.positions.filter((p) => p.participantId !== who.participantId)];
  positions.push(position);
  return {
    ...ladder,
    positions,
    counts: countsOf(positions),
    objections: level === 'oppose' ? [...ladder.objections, position] : ladder.objections,
  };
}

export function revise(ladder: Ladder, text: string, at: string): Ladder {
  assertOpen(ladder);
  return {
    ...ladder,
    versions: [...ladder.versions, { text, at }],
    positions: [],
    counts: countsOf([]),
  };
}

/** The strongest decision the positions on the current text allow. */
export function strongestDecision(ladder: Ladder): LadderDecision {
  if (ladder.counts.oppose > 0) return 'not_reached';
  if (ladder.counts.reservations > 0) return 'consensus_with_reservations';
  return ladder.positions.length > 0 ? 'consensus' : 'not_reached';
}

const RANK: Record<LadderDecision, number> = {
  not_reached: 0,
  consensus_with_reservations: 1,
  consensus: 2,
};

export function decide(ladder: Ladder, decision: LadderDecision, at: string): Ladder {
  assertOpen(ladder);
  const allowed = strongestDecision(ladder);
  if (RANK[decision] > RANK[allowed]) {
    throw new AppError(
      ERROR_CODES.DECISION_TOO_STRONG,
      `decision: the positions on the current text allow at most "${allowed}"`,
    );
  }
  return {
    ...ladder,
    status: 'decided',
    decision,
    dissent: ladder.positions.filter((p) => p.level === 'oppose' || p.level === 'reservations'),
    decidedAt: at,
  };
}
