/**
 * The record as JSON. Objects are rebuilt field by field in the order of the MeetingRecord
 * type, so the output is byte-stable whatever order the record was assembled in (DB rows,
 * spreads), and fields outside the type never leak into the export.
 */
import {
  ATTENDANCE,
  CHANNELS,
  CHOICES,
  PARTICIPANT_ROLES,
  type Counts,
  type MeetingRecord,
  type MinutesBlock,
  type RecordAttendee,
  type Channel,
  type Choice,
  type OptionTally,
  type RecordVote,
  type Roll,
  type Turnout,
} from '../../shared/protocol';
import { stringifyEscaped } from '../../shared/text';

/** Rebuilds a record keyed by a fixed list of keys, in that order. */
function ordered<K extends string, V>(keys: readonly K[], source: Record<K, V>): Record<K, V> {
  const out = {} as Record<K, V>;
  for (const key of keys) out[key] = source[key];
  return out;
}

const counts = (c: Counts): Counts => ordered(CHOICES, c);
const roll = (r: Roll): Roll => ({
  ...ordered<Choice, string[]>(CHOICES, r),
  ...(r.options ? { options: r.options.map((names) => [...names]) } : {}),
});

/** Fixed key order, so the exported file is byte-stable like the rest of the record. */
function optionTally(o: OptionTally): OptionTally {
  return {
    labels: [...o.labels],
    maxChoices: o.maxChoices,
    byChannel: ordered(
      CHANNELS,
      Object.fromEntries(CHANNELS.map((ch) => [ch, [...o.byChannel[ch]]])) as Record<
        Channel,
        number[]
      >,
    ),
    voters: ordered(CHANNELS, o.voters),
    totals: [...o.totals],
    ranking: [...o.ranking],
    ...(o.winner !== undefined ? { winner: o.winner } : {}),
  };
}

function turnout(t: Turnout): Turnout {
  return {
    eligible: t.eligible,
    voted: t.voted,
    voters: ordered(CHANNELS, t.voters),
    ...(t.quorum
      ? { quorum: { share: t.quorum.share, required: t.quorum.required, met: t.quorum.met } }
      : {}),
    ...(t.majority ? { majority: { needed: t.majority.needed, of: t.majority.of } } : {}),
  };
}

function vote(v: RecordVote): RecordVote {
  const byChannel = {} as RecordVote['byChannel'];
  for (const ch of CHANNELS) byChannel[ch] = counts(v.byChannel[ch]);
  return {
    id: v.id,
    agendaItemTitle: v.agendaItemTitle,
    proposal: v.proposal,
    rule: v.rule,
    secret: v.secret,
    outcome: v.outcome,
    byChannel,
    totals: counts(v.totals),
    cast: v.cast,
    eligible: v.eligible,
    ...(v.turnout ? { turnout: turnout(v.turnout) } : {}),
    roll: v.roll === null ? null : roll(v.roll),
    closedAt: v.closedAt,
    ...(v.secretTurnout
      ? {
          secretTurnout: {
            voters: ordered(CHANNELS, v.secretTurnout.voters),
            minGroup: v.secretTurnout.minGroup,
            smallGroup: v.secretTurnout.smallGroup,
          },
        }
      : {}),
    ...(v.assisted
      ? { assisted: v.assisted.map(({ voter, by, witness }) => ({ voter, by, witness })) }
      : {}),
    ...(v.proxies ? { proxies: v.proxies.map(({ voter, holder }) => ({ voter, holder })) } : {}),
    ...(v.quorum
      ? { quorum: { share: v.quorum.share, required: v.quorum.required, met: v.quorum.met } }
      : {}),
    ...(v.options && v.kind ? { kind: v.kind, options: optionTally(v.options) } : {}),
  };
}

const attendee = (a: RecordAttendee): RecordAttendee => ({
  name: a.name,
  role: a.role,
  attendance: a.attendance,
});

function block(b: MinutesBlock): MinutesBlock {
  switch (b.type) {
    case 'heading':
      return { type: b.type, level: b.level, text: b.text };
    case 'paragraph':
      return { type: b.type, text: b.text };
    case 'bullet':
      return { type: b.type, text: b.text, depth: b.depth };
    case 'ordered':
      return { type: b.type, text: b.text, depth: b.depth, index: b.index };
  }
}

/** Pretty-printed (2 spaces), newline-terminated JSON of the record. */
export function renderJson(record: MeetingRecord): string {
  const m = record.meeting;
  const normalised: MeetingRecord = {
    format: record.format,
    version: record.version,
    meeting: {
      code: m.code,
      title: m.title,
      topic: m.topic,
      place: m.place,
      level: m.level,
      date: m.date,
      facilitator: m.facilitator,
      closedAt: m.closedAt,
    },
    agenda: record.agenda.map((a) => ({ title: a.title, durationMin: a.durationMin })),
    conclusions: record.conclusions.map(vote),
    escalations: record.escalations.map(vote),
    attendance: {
      byRole: ordered(PARTICIPANT_ROLES, record.attendance.byRole),
      byChannel: ordered(ATTENDANCE, record.attendance.byChannel),
      attendees: record.attendance.attendees.map(attendee),
    },
    minutes: record.minutes.map(block),
    generatedAt: record.generatedAt,
    ...(record.ladders
      ? {
          ladders: record.ladders.map((l) => ({
            versions: l.versions.map(({ text, at }) => ({ text, at })),
            counts: l.counts,
            objections: l.objections,
            decision: l.decision,
            dissent: l.dissent,
            decidedAt: l.decidedAt,
          })),
        }
      : {}),
    ...(record.pulses
      ? {
          pulses: record.pulses.map((p) => ({
            question: p.question,
            agendaItemTitle: p.agendaItemTitle,
            scale: p.scale,
            counts: p.counts.map(({ answer, phones, hall }) => ({ answer, phones, hall })),
            phones: p.phones,
            hall: p.hall,
            openedAt: p.openedAt,
            closedAt: p.closedAt,
          })),
        }
      : {}),
    // Entries are hashed in canonical form (sorted keys), so their key order here is free.
    ...(record.audit
      ? {
          audit: {
            headHash: record.audit.headHash,
            entries: record.audit.entries.map(({ seq, at, kind, data, prevHash, hash }) => ({
              seq,
              at,
              kind,
              data,
              prevHash,
              hash,
            })),
          },
        }
      : {}),
    // Covers everything above in canonical form: any field dropped here would break it.
    ...(record.signature
      ? {
          signature: {
            alg: record.signature.alg,
            publicKey: record.signature.publicKey,
            fingerprint: record.signature.fingerprint,
            value: record.signature.value,
          },
        }
      : {}),
  };
  // Not normalised here: the record's text was normalised when it was built and signed, and
  // the audit entries must keep the exact bytes their hashes cover. Escaping is lossless.
  return `${stringifyEscaped(normalised, 2)}\n`;
}
