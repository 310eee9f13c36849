import { z } from 'zod';
import {
  LADDER_DECISIONS,
  LADDER_LEVELS,
  PULSE_ANSWERS,
  PULSE_SCALES,
} from '../protocol/constants';

/** Events of consensus ladders and kept temperature checks (counts only). */
export const ladderPulseEvents = [
  z.strictObject({
    kind: z.literal('ladder.opened'),
    data: z.strictObject({ ladderId: z.string(), text: z.string() }),
  }),
  z.strictObject({
    kind: z.literal('ladder.position'),
    data: z.strictObject({
      ladderId: z.string(),
      name: z.string(),
      level: z.enum(LADDER_LEVELS),
      reason: z.string().nullable(),
    }),
  }),
  z.strictObject({
    kind: z.literal('ladder.revised'),
    data: z.strictObject({ ladderId: z.string(), text: z.string() }),
  }),
  z.strictObject({
    kind: z.literal('ladder.decided'),
    data: z.strictObject({ ladderId: z.string(), decision: z.enum(LADDER_DECISIONS) }),
  }),
  z.strictObject({
    kind: z.literal('pulse.kept'),
    data: z.strictObject({
      pulseId: z.string(),
      question: z.string().nullable(),
      agendaItemTitle: z.string().nullable(),
      scale: z.enum(PULSE_SCALES),
      counts: z.array(
        z.strictObject({
          answer: z.enum(PULSE_ANSWERS),
          phones: z.number().int().min(0),
          hall: z.number().int().min(0),
        }),
      ),
      phones: z.number().int().min(0),
      hall: z.number().int().min(0),
      openedAt: z.string(),
      closedAt: z.string(),
    }),
  }),
] as const;
