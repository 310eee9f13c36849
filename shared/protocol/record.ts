import type { EventKind } from '../events/kinds';
import type { Attendance, ParticipantRole } from './roles';
import type { PlatformLevel } from './meetings';
import type {
  Counts,
  Channel,
  OptionTally,
  Outcome,
  Roll,
  SecretTurnout,
  VoteKind,
  VoteRule,
} from './voting';
import type { Ladder } from './ladder';
import type { RecordPulse } from './pulse';
import type { Turnout } from './turnout';

/** A consensus ladder as recorded: every revision, objections, the decision and the dissent. */
export type RecordLadder = Pick<
  Ladder,
  'versions' | 'counts' | 'objections' | 'decision' | 'dissent' | 'decidedAt'
>;

/** One block of the minutes, flattened from the collaborative editor. */
export type MinutesBlock =
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'bullet'; text: string; depth: number }
  | { type: 'ordered'; text: string; depth: number; index: number };

export interface RecordVote {
  id: string;
  agendaItemTitle: string | null;
  proposal: string;
  rule: VoteRule;
  secret: boolean;
  outcome: Outcome;
  byChannel: Record<Channel, Counts>;
  totals: Counts;
  /** 实投 and 应到: the vote's `turnout.voted` and `turnout.eligible`. */
  cast: number;
  eligible: number;
  /** The turnout every screen showed (shared/protocol/turnout.ts); absent in older records. */
  turnout?: Turnout;
  /** Only for open ballots. */
  roll: Roll | null;
  closedAt: string;
  /** Ballots the facilitator recorded for someone without a phone, and their witness. */
  assisted?: { voter: string; by: string; witness: string }[];
  /** Ballots cast by a proxy holder on a grantor's mandate. */
  proxies?: { voter: string; holder: string }[];
  /** Present when the vote asked for a quorum. */
  quorum?: { share: number; required: number; met: boolean };
  /** Option votes (single/multiple): the options with their counts, ranked. */
  kind?: VoteKind;
  options?: OptionTally;
  /** Secret votes closed since issue 9: combined totals only (room and remote counts per
   * choice stay at zero), turnout by channel and the minimum-group verdict. */
  secretTurnout?: SecretTurnout;
}

/**
 * One link of the meeting's hash chain (see server/audit/chain.ts): a domain event as the
 * record carries it (shared/events; `data` as its kind's schema describes).
 */
export interface AuditEntry {
  seq: number;
  at: string;
  kind: EventKind;
  data: unknown;
  prevHash: string;
  /** sha256(prevHash + canonical JSON of { seq, at, kind, data }). */
  hash: string;
}

export interface RecordAttendee {
  name: string;
  role: ParticipantRole;
  attendance: Attendance;
}

/** The meeting's record (纪要), derived once at close from the DB and the frozen Y.Doc. */
export interface MeetingRecord {
  format: 'yuanba-record';
  version: 1;
  meeting: {
    code: string;
    title: string;
    topic: string;
    place: string;
    level: PlatformLevel;
    date: string;
    facilitator: string;
    closedAt: string;
  };
  agenda: { title: string; durationMin: number }[];
  /** Passed votes: the agreed conclusions (议定事项). */
  conclusions: RecordVote[];
  /** Failed or no-consensus votes, listed for escalation (转报). */
  escalations: RecordVote[];
  attendance: {
    byRole: Record<ParticipantRole, number>;
    byChannel: Record<Attendance, number>;
    attendees: RecordAttendee[];
  };
  minutes: MinutesBlock[];
  generatedAt: string;
  /** Consensus ladders of the meeting (共识协商), when any was held. */
  ladders?: RecordLadder[];
  /** Temperature checks the facilitator kept (温度测试, 非表决): counts only, never who. */
  pulses?: RecordPulse[];
  /** The audit chain and its head hash: `npm run verify-record -- <file>` checks both. */
  audit?: { headHash: string; entries: AuditEntry[] };
  /** Ed25519 over the canonical JSON of everything above (server/audit/signing.ts). */
  signature?: RecordSignature;
}

/** The installation's record-signing key, as served by GET /api/record-key. */
export interface SigningKeyInfo {
  alg: 'Ed25519';
  /** The raw 32-byte public key, base64. */
  publicKey: string;
  /** sha256 of the raw key, first 128 bits in hex groups of four (printed on every record). */
  fingerprint: string;
}

export interface RecordSignature extends SigningKeyInfo {
  /** The signature, base64. */
  value: string;
}
