import { z } from 'zod';
import { CHOICES, OUTCOMES, VOTE_KINDS, VOTE_RULES } from '../protocol/constants';
import type { HallOptions, Tally } from '../protocol/voting';

const counts = z.strictObject(
  Object.fromEntries(CHOICES.map((c) => [c, z.number().int().min(0)])) as Record<
    (typeof CHOICES)[number],
    z.ZodNumber
  >,
);
const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null;
/** Shapes defined as interfaces in shared/protocol/voting.ts, stored as they were computed. */
const tally = z.custom<Tally>((v) => isObject(v) && 'totals' in (v as object));
const hallOptions = z.custom<HallOptions>(isObject);
const delegated = z.strictObject({
  voteId: z.string(),
  voter: z.string(),
  by: z.string(),
  witness: z.string().nullable(),
});

/** Events of votes: opened, ballots (counts only), hall counts, closed, mandates, quorum. */
export const votingEvents = [
  z.strictObject({
    kind: z.literal('vote.opened'),
    data: z.strictObject({
      voteId: z.string(),
      proposal: z.string(),
      rule: z.enum(VOTE_RULES),
      secret: z.boolean(),
      quorum: z.number().min(0).max(1),
      eligible: z.number().int().min(0),
      kind: z.enum(VOTE_KINDS).optional(),
      options: z.array(z.string()).optional(),
      maxChoices: z.number().int().min(1).optional(),
    }),
  }),
  z.strictObject({
    kind: z.literal('quorum.set'),
    data: z.strictObject({ quorum: z.number().min(0).max(1) }),
  }),
  z.strictObject({
    kind: z.literal('ballots.received'),
    data: z.strictObject({ voteId: z.string(), count: z.number().int().min(1) }),
  }),
  z.strictObject({ kind: z.literal('ballot.assisted'), data: delegated }),
  z.strictObject({ kind: z.literal('ballot.proxy'), data: delegated }),
  z.strictObject({
    kind: z.literal('ballot.proxyReplaced'),
    data: z.strictObject({ voteId: z.string(), voter: z.string(), holder: z.string() }),
  }),
  z.strictObject({
    kind: z.literal('hall.entered'),
    data: z.strictObject({
      voteId: z.string(),
      entryId: z.number().int(),
      counts,
      options: hallOptions.optional(),
      by: z.string(),
      correction: z.boolean(),
    }),
  }),
  z.strictObject({
    kind: z.literal('hall.confirmed'),
    data: z.strictObject({
      voteId: z.string(),
      entryId: z.number().int(),
      counts,
      options: hallOptions.optional(),
      by: z.string(),
    }),
  }),
  z.strictObject({
    kind: z.literal('vote.closed'),
    data: z.strictObject({
      voteId: z.string(),
      outcome: z.enum(OUTCOMES),
      tally,
      /** Closed by the meeting's close (openVote: 'close'), not by its own close. */
      closedBy: z.literal('meetingClose').optional(),
    }),
  }),
  z.strictObject({
    kind: z.literal('mandate.registered'),
    data: z.strictObject({
      grantor: z.string(),
      holder: z.string(),
      /** Absent in entries written before the events table (migration 012). */
      holderId: z.string().optional(),
    }),
  }),
] as const;
