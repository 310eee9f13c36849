import {
  DEFAULT_SPEAKING_SEC,
  emptySpeakers,
  type SpeakerEntry,
  type SpeakersState,
} from '../../shared/protocol';

/**
 * The speakers' queue as pure transitions: every function returns a new state, or the same
 * object when nothing changed, so the service can skip a write. `now` is always injected.
 */

/** A hand goes up once: a second raise from the same participant keeps their place. */
export function raise(state: SpeakersState, entry: SpeakerEntry): SpeakersState {
  const id = entry.participantId;
  if (id !== null) {
    if (state.queue.some((e) => e.participantId === id)) return state;
    if (state.floor?.entry.participantId === id) return state;
  }
  // First come, first served: a late arrival never jumps the line.
  return { ...state, queue: [...state.queue, entry] };
}

export function lower(state: SpeakersState, participantId: string): SpeakersState {
  const queue = state.queue.filter((e) => e.participantId !== participantId);
  return queue.length === state.queue.length ? state : { ...state, queue };
}

/** Skip: the entry leaves the queue without speaking. */
export function remove(state: SpeakersState, entryId: string): SpeakersState {
  const queue = state.queue.filter((e) => e.id !== entryId);
  return queue.length === state.queue.length ? state : { ...state, queue };
}

export function move(state: SpeakersState, entryId: string, toIndex: number): SpeakersState {
  const from = state.queue.findIndex((e) => e.id === entryId);
  if (from < 0) return state;
  const queue = [...state.queue];
  const [entry] = queue.splice(from, 1);
  queue.splice(Math.min(toIndex, queue.length), 0, entry!);
  return { ...state, queue };
}

/**
 * Gives the floor to `entryId`, or to the first in line. The entry leaves the queue; whoever
 * held the floor before is done (not put back). Returns the same state when nobody is waiting.
 */
export function giveFloor(state: SpeakersState, now: number, entryId?: string): SpeakersState {
  const entry = entryId ? state.queue.find((e) => e.id === entryId) : state.queue[0];
  if (!entry) return state;
  return {
    ...state,
    queue: state.queue.filter((e) => e.id !== entry.id),
    floor: { entry, since: now, durationSec: state.speakingSec },
  };
}

export function takeFloor(state: SpeakersState): SpeakersState {
  return state.floor ? { ...state, floor: null } : state;
}

export function setSpeakingTime(state: SpeakersState, speakingSec: number): SpeakersState {
  return { ...state, speakingSec };
}

/** Milliseconds left in the current turn; negative once over time; null without a floor. */
export function floorRemainingMs(state: SpeakersState, now: number): number | null {
  if (!state.floor) return null;
  return state.floor.since + state.floor.durationSec * 1000 - now;
}

/** The participant who holds the floor, if a device can speak for them. */
export const floorHolder = (state: SpeakersState): string | null =>
  state.floor?.entry.participantId ?? null;

/** Restores a stored state, tolerating older or partial JSON. */
export function parseSpeakers(json: string | null | undefined): SpeakersState {
  if (!json) return emptySpeakers();
  try {
    const stored = JSON.parse(json) as Partial<SpeakersState>;
    return {
      queue: Array.isArray(stored.queue) ? stored.queue : [],
      floor: stored.floor ?? null,
      speakingSec: stored.speakingSec ?? DEFAULT_SPEAKING_SEC,
    };
  } catch {
    return emptySpeakers();
  }
}
