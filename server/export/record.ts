import {
  ATTENDANCE,
  ERROR_CODES,
  PARTICIPANT_ROLES,
  type Attendance,
  type AuditEntry,
  type Ladder,
  type AgendaItem,
  type MeetingRecord,
  type MinutesBlock,
  type Participant,
  type RecordPulse,
  type ParticipantRole,
  type RecordVote,
  type Roll,
  type TalliedVote,
} from '../../shared/protocol';
import { AppError } from '../errors';
import { optionDecision } from '../../shared/protocol/option-outcome';
import { normaliseDeep } from '../../shared/text';
import type { Meeting } from '../../shared/protocol';

/** An assisted or proxy ballot, as stored in `ballot_marks`. */
export interface BallotMark {
  voter: string;
  kind: string;
  by_name: string;
  witness_name: string | null;
}

export interface RecordInputs {
  meeting: Meeting;
  facilitatorName: string;
  agenda: AgendaItem[];
  votes: (TalliedVote & { agendaItemTitle: string | null })[];
  rolls: Map<string, Roll>;
  participants: Participant[];
  minutes: MinutesBlock[];
  generatedAt: string;
  audit?: AuditEntry[];
  ladders?: Ladder[];
  /** Temperature checks the facilitator kept (counts only). */
  pulses?: RecordPulse[];
  /** Assisted and proxy ballots per vote id. */
  marks?: Map<string, BallotMark[]>;
}

const toRecordVote = (
  vote: RecordInputs['votes'][number],
  roll: Roll | null,
  marks: BallotMark[] = [],
): RecordVote => {
  if (!vote.outcome || !vote.closedAt) {
    throw new AppError(ERROR_CODES.INTERNAL, 'A record can only list closed votes');
  }
  return {
    id: vote.id,
    agendaItemTitle: vote.agendaItemTitle,
    proposal: vote.proposal,
    rule: vote.rule,
    secret: vote.secret,
    outcome: vote.outcome,
    byChannel: vote.tally.byChannel,
    totals: vote.tally.totals,
    // The same numbers the hall screen, the console and the phones were sent (one source).
    cast: vote.turnout.voted,
    eligible: vote.turnout.eligible,
    turnout: vote.turnout,
    roll: vote.secret ? null : roll,
    ...(vote.tally.secret ? { secretTurnout: vote.tally.secret } : {}),
    closedAt: vote.closedAt,
    ...(marks.some((m) => m.kind === 'assisted')
      ? {
          assisted: marks
            .filter((m) => m.kind === 'assisted')
            .map((m) => ({ voter: m.voter, by: m.by_name, witness: m.witness_name ?? '' })),
        }
      : {}),
    ...(marks.some((m) => m.kind === 'proxy')
      ? {
          proxies: marks
            .filter((m) => m.kind === 'proxy')
            .map((m) => ({ voter: m.voter, holder: m.by_name })),
        }
      : {}),
    ...(vote.tally.quorum && vote.quorum
      ? { quorum: { share: vote.quorum, ...vote.tally.quorum } }
      : {}),
    ...(vote.tally.options && vote.kind ? { kind: vote.kind, options: vote.tally.options } : {}),
  };
};

/**
 * Decided votes are the conclusions: passed, an option chosen, or options ranked with at least
 * one chosen (a tie for every seat chose nothing, so it goes up as undecided, like a failed vote).
 */
function decided(vote: RecordVote): boolean {
  if (vote.outcome === 'passed' || vote.outcome === 'chosen') return true;
  if (vote.outcome !== 'ranked' || !vote.options) return false;
  return optionDecision(vote.options, false).chosen.length > 0;
}

/** Pure: the meeting's record (纪要) from what the DB and the frozen doc hold at close. */
export function buildRecord(input: RecordInputs): MeetingRecord {
  const { meeting } = input;
  const votes = input.votes.map((v) =>
    toRecordVote(v, input.rolls.get(v.id) ?? null, input.marks?.get(v.id) ?? []),
  );
  const byRole = Object.fromEntries(PARTICIPANT_ROLES.map((r) => [r, 0])) as Record<
    ParticipantRole,
    number
  >;
  const byChannel = Object.fromEntries(ATTENDANCE.map((a) => [a, 0])) as Record<Attendance, number>;
  for (const p of input.participants) {
    byRole[p.role] += 1;
    byChannel[p.attendance] += 1;
  }
  // Text from phones and co-editors is normalised once, here, before the record is signed;
  // audit entries stay as their hashes cover them (the JSON export escapes what they hold).
  const content: MeetingRecord = normaliseDeep({
    format: 'yuanba-record',
    version: 1,
    meeting: {
      code: meeting.code,
      title: meeting.title,
      topic: meeting.topic,
      place: meeting.place,
      level: meeting.level,
      date: meeting.date,
      facilitator: input.facilitatorName,
      closedAt: meeting.closedAt ?? input.generatedAt,
    },
    agenda: input.agenda.map(({ title, durationMin }) => ({ title, durationMin })),
    conclusions: votes.filter(decided),
    escalations: votes.filter((v) => !decided(v)),
    attendance: {
      byRole,
      byChannel,
      attendees: input.participants.map(({ name, role, attendance }) => ({
        name,
        role,
        attendance,
      })),
    },
    minutes: input.minutes,
    generatedAt: input.generatedAt,
    ...(input.ladders && input.ladders.length > 0
      ? {
          ladders: input.ladders.map(
            ({ versions, counts, objections, decision, dissent, decidedAt }) => ({
              versions,
              counts,
              objections,
              decision,
              dissent,
              decidedAt,
            }),
          ),
        }
      : {}),
    ...(input.pulses && input.pulses.length > 0 ? { pulses: input.pulses } : {}),
  });
  return input.audit && input.audit.length > 0
    ? { ...content, audit: { headHash: input.audit.at(-1)!.hash, entries: input.audit } }
    : content;
}
