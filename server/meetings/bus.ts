import type { Participant, Vote } from '../../shared/protocol';
import { Emitter } from '../util/emitter';

/** What services announce; the realtime layer turns these into socket broadcasts. */
export type MeetingEvents = {
  roomChanged: [meetingId: string];
  voteChanged: [meetingId: string, vote: Vote];
  participantsChanged: [meetingId: string];
  participantChanged: [participant: Participant];
  meetingClosed: [meetingId: string];
  /** The queue or the floor changed (audio has already re-checked who may speak). */
  speakersChanged: [meetingId: string];
  /** Owners (participant ids, 'hall') audible right now, for the speaking indicators. */
  speaking: [meetingId: string, owners: string[]];
};

export class MeetingBus extends Emitter<MeetingEvents> {}
