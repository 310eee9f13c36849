import type { AudioPeerKind, AudioSelf } from '../../shared/protocol';

export interface FloorPolicy {
  /** Mute-all in force: only the floor holder may speak. */
  floorOnly: boolean;
  /** Participants the facilitator muted one by one. */
  muted: ReadonlySet<string>;
  /** Participant holding the floor, if any. */
  floorHolder: string | null;
}

/**
 * Who may have an open microphone, decided on the server from the room's state alone:
 * the hall device always; a phone in the room only with the floor (a dozen open phones in
 * one courtyard is a feedback loop); a remote member unless muted or mute-all is in force,
 * and always with the floor.
 */
export function micPolicy(
  kind: AudioPeerKind,
  participantId: string | null,
  policy: FloorPolicy,
): AudioSelf {
  if (kind === 'hall') return { canProduce: true, reason: null };
  const hasFloor = participantId !== null && policy.floorHolder === participantId;
  if (hasFloor) return { canProduce: true, reason: null };
  if (kind === 'room') return { canProduce: false, reason: 'inRoom' };
  if (participantId !== null && policy.muted.has(participantId)) {
    return { canProduce: false, reason: 'muted' };
  }
  if (policy.floorOnly) return { canProduce: false, reason: 'floorOnly' };
  return { canProduce: true, reason: null };
}

/** Phones in the room never play meeting audio: the hall speakers already do. */
export const mayConsume = (kind: AudioPeerKind): boolean => kind !== 'room';

/**
 * Which sources a device hears: everything but itself. A phone given the floor is the hall's
 * hand-held microphone, so the hall device plays it too.
 */
export const hears = (listenerOwner: string, sourceOwner: string): boolean =>
  listenerOwner !== sourceOwner;
