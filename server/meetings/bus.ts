import type { AssistRequest, Ladder, Participant, TalliedVote } from '../../shared/protocol';
import { Emitter } from '../util/emitter';

/**
 * What happened, for the realtime layer to turn into socket broadcasts. Changes that are domain
 * events are announced by the notices consumer once committed (server/realtime/notices.ts);
 * in-memory, high-rate changes (presence, speaking, pulse counts, the waiting list, the queue,
 * the timer) by the services directly.
 */
export type MeetingEvents = {
  roomChanged: [meetingId: string];
  voteChanged: [meetingId: string, vote: TalliedVote];
  participantsChanged: [meetingId: string];
  /**
   * A participant's first socket connected or their last one left (online flipped): the
   * head counts on screens move. Not durable; presence is not a domain event.
   */
  presenceChanged: [meetingId: string, participantId: string, online: boolean];
  participantChanged: [participant: Participant];
  meetingClosed: [meetingId: string];
  /** An idle meeting left memory (RoomRegistry.sweep): drop what is kept for it. */
  meetingUnloaded: [meetingId: string];
  /** The queue or the floor changed (audio has already re-checked who may speak). */
  speakersChanged: [meetingId: string];
  /** Owners (participant ids, 'hall') audible right now, for the speaking indicators. */
  speaking: [meetingId: string, owners: string[]];
  /** The temperature check's counts moved; `phase`: it opened, closed or left the screens. */
  pulseChanged: [meetingId: string, phase: boolean];
  /** A consensus ladder moved (opened, a position, a revision, the decision). */
  ladderChanged: [ladder: Ladder];
  /** A witness is asked to confirm an assisted vote on their own phone. */
  assistRequested: [witnessId: string, request: AssistRequest];
  /** A proxy holder's mandates changed: their phone fetches them again. */
  mandatesChanged: [holderId: string];
  /** The meeting's staff assignments changed: unassigned consoles lose the staff channel. */
  staffChanged: [meetingId: string];
  /** Someone joined or left the waiting list at the door (staff consoles follow it). */
  waitingChanged: [meetingId: string];
  /** A personal link was reissued: sockets of the old link's phones are closed. */
  participantRevoked: [meetingId: string, participantId: string];
};

export class MeetingBus extends Emitter<MeetingEvents> {}
