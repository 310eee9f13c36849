import type { Participant, Vote } from '../../shared/protocol';
import { Emitter } from '../util/emitter';

/** What services announce; the realtime layer turns these into socket broadcasts. */
export type MeetingEvents = {
  roomChanged: [meetingId: string];
  voteChanged: [meetingId: string, vote: Vote];
  participantsChanged: [meetingId: string];
  participantChanged: [participant: Participant];
  meetingClosed: [meetingId: string];
};

export class MeetingBus extends Emitter<MeetingEvents> {}
