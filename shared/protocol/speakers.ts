import { z } from 'zod';
import { Id, PersonName } from './common';

/** Where a speaker speaks from: a phone in the room, a remote browser, or named by the chair. */
export type SpeakerOrigin = 'room' | 'remote' | 'hall';

export interface SpeakerEntry {
  id: string;
  /** null for people the facilitator added by name (no device). */
  participantId: string | null;
  name: string;
  origin: SpeakerOrigin;
  /** Epoch ms when the hand went up: first come, first served. */
  raisedAt: number;
}

export interface Floor {
  entry: SpeakerEntry;
  /** Epoch ms when the floor was given. */
  since: number;
  durationSec: number;
}

/** The one speakers' queue for hall and remote, as everyone sees it. */
export interface SpeakersState {
  queue: SpeakerEntry[];
  floor: Floor | null;
  /** Speaking time per turn (the countdown on the hall screen). */
  speakingSec: number;
}

export const RaiseHandPayload = z.strictObject({ raised: z.boolean() });
export const AddSpeakerPayload = z.strictObject({ name: PersonName });
export const MoveSpeakerPayload = z.strictObject({
  entryId: Id,
  toIndex: z.number().int().min(0).max(10_000),
});
export const SpeakerRef = z.strictObject({ entryId: Id });
/** Without `entryId` the floor goes to the first in line. */
export const GiveFloorPayload = z.strictObject({ entryId: Id.optional() });
export const SpeakingTimePayload = z.strictObject({
  speakingSec: z.number().int().min(10).max(3600),
});

/** How long a speaker has by default (the facilitator changes it per meeting). */
export const DEFAULT_SPEAKING_SEC = 180;

export const emptySpeakers = (speakingSec = DEFAULT_SPEAKING_SEC): SpeakersState => ({
  queue: [],
  floor: null,
  speakingSec,
});
