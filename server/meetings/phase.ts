import type { MeetingPhase } from '../../shared/protocol';

export type PhaseCommand = 'start' | 'close';

const TRANSITIONS: Record<MeetingPhase, Partial<Record<PhaseCommand, MeetingPhase>>> = {
  scheduled: { start: 'live', close: 'closed' },
  live: { close: 'closed' },
  closed: {},
};

/** The next phase, or null when the command is not allowed from `phase`. */
export const nextPhase = (phase: MeetingPhase, command: PhaseCommand): MeetingPhase | null =>
  TRANSITIONS[phase][command] ?? null;

/** Joining and co-editing stay possible until the meeting is closed. */
export const isOpen = (phase: MeetingPhase): boolean => phase !== 'closed';
