/**
 * The protocol's plain constants, free of zod so the browser can import them without
 * bundling the schemas. The zod enums in the other modules are built from these lists.
 */
export const PARTICIPANT_ROLES = [
  'member',
  'official',
  'cadre',
  'resident',
  'observer',
  'recorder',
] as const;

/** Roles that hold a ballot. Observers (列席) attend without a vote; recorders keep minutes. */
type Role = (typeof PARTICIPANT_ROLES)[number];
export const VOTING_ROLES: readonly Role[] = ['member', 'official', 'cadre', 'resident'];
export const canVote = (role: Role): boolean => VOTING_ROLES.includes(role);

/** Accounts on the server: they log in with a password. */
export const USER_ROLES = ['admin', 'facilitator', 'recorder'] as const;

/**
 * What an account does in one meeting it is assigned to (issue 9): 主持人 runs it, 记录员 edits
 * the minutes, 计票人 enters and confirms counted hands. Staff act only on meetings they are
 * assigned to; the creator is the first facilitator.
 */
export const STAFF_ROLES = ['facilitator', 'recorder', 'teller'] as const;

/**
 * Who gets in with the meeting code alone. roster (default): people on the roster come in with
 * their personal link; everyone else waits until staff admit them. open: anyone with the code
 * joins and counts as a roster member (chosen knowingly by the facilitator).
 */
export const ADMISSION_MODES = ['roster', 'open'] as const;

/** Who may read a closed meeting's record (纪要): its staff (default), its participants, anyone. */
export const RECORD_ACCESS = ['staff', 'participants', 'public'] as const;

/** roster: on the 应到名单; guest: admitted by staff as an observer, never eligible. */
export const PARTICIPANT_KINDS = ['roster', 'guest'] as const;

/** Where a participant attends from: 现场 (in the room) or 线上 (remote). */
export const ATTENDANCE = ['room', 'remote'] as const;

export const PLATFORM_LEVELS = ['county', 'township', 'village'] as const;

/** scheduled → live → closed; see server/meetings/phase.ts for the transitions. */
export const MEETING_PHASES = ['scheduled', 'live', 'closed'] as const;

export const CHOICES = ['agree', 'oppose', 'abstain'] as const;

/**
 * simple_majority: agree > half of all ballots cast (abstentions count as cast);
 * two_thirds: agree ≥ two thirds of all ballots cast;
 * consensus: at least one agree and nobody opposes.
 */
export const VOTE_RULES = ['simple_majority', 'two_thirds', 'consensus'] as const;

/** no_quorum: fewer of the roster voted than the vote's quorum asked for. */
export const OUTCOMES = [
  'passed',
  'failed',
  'no_consensus',
  'no_quorum',
  'chosen',
  'no_winner',
  'ranked',
] as const;

/**
 * approval: 同意/反对/弃权 under a rule; single: pick one option, the plurality wins
 * (chosen) unless tied (no_winner); multiple: pick up to maxChoices, the ranking is recorded.
 */
export const VOTE_KINDS = ['approval', 'single', 'multiple'] as const;
export const OPTIONS_MIN = 2;
export const OPTIONS_MAX = 10;

/** 现场 phone ballots, 线上 remote ballots, and hands counted in the hall (举手). */
export const CHANNELS = ['room', 'remote', 'hall'] as const;

/** The consensus ladder's temperature check: 支持 / 可以接受 / 有保留 / 反对. */
export const LADDER_LEVELS = ['support', 'accept', 'reservations', 'oppose'] as const;

/** How a ladder ends: 达成共识 / 有保留地达成共识 / 未达成共识. */
export const LADDER_DECISIONS = [
  'consensus',
  'consensus_with_reservations',
  'not_reached',
] as const;

/**
 * The quick temperature check (举牌, issue 10): mood cards 👍/🤔/👎 (default) or a 1–5 scale.
 * Not a vote: anonymous counts, in the record only when the facilitator keeps it.
 */
export const PULSE_SCALES = ['cards', 'five'] as const;
export const PULSE_ANSWERS = ['up', 'unsure', 'down', '1', '2', '3', '4', '5'] as const;
/** The answers of each scale, in the order screens show them. */
export const PULSE_SCALE_ANSWERS = {
  cards: ['up', 'unsure', 'down'],
  five: ['1', '2', '3', '4', '5'],
} as const satisfies Record<
  (typeof PULSE_SCALES)[number],
  readonly (typeof PULSE_ANSWERS)[number][]
>;

/**
 * What the facilitator may ask the hall screen to show (issue 10), the way OpenSlides'
 * projector is directed. `auto` lets the screen follow the meeting by itself.
 */
export const SCREEN_MODES = [
  'auto',
  'welcome',
  'agenda',
  'item',
  'vote',
  'result',
  'ladder',
  'queue',
  'pulse',
  'blank',
] as const;
