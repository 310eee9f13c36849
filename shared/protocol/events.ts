import { z } from 'zod';
import type { Ack } from './errors';
import type { MeetingAccess, ParticipantSelf } from './roles';
import { MeetingCode } from './common';
import type { AgendaItem, Meeting, Participant, StaffMember, WaitingEntry } from './meetings';
import {
  AppendAgendaBody,
  AdmitPayload,
  MeetingSettingsBody,
  ParticipantPatch,
  ParticipantRef,
  RosterEntriesBody,
  StaffBody,
  WaitingRef,
} from './meetings';
import { CloseMeetingPayload, SetCurrentItemPayload, TimerPayload, type RoomState } from './room';
import {
  CastBallotPayload,
  AssistPayload,
  HallConfirmPayload,
  ProxyCastPayload,
  WitnessPayload,
  type AssistRequest,
  HallCountPayload,
  MandateBody,
  OpenVoteBody,
  QuorumBody,
  RosterBody,
  VoteRef,
  type BallotReceipt,
  type Choice,
  type Roll,
  type TalliedVote,
  type Vote,
} from './voting';
import type { MeetingRecord } from './record';
import {
  ConnectTransportPayload,
  ConsumePayload,
  ConsumerRef,
  CreateTransportPayload,
  DesignateHallPayload,
  JoinAudioPayload,
  MuteAllPayload,
  MuteParticipantPayload,
  ProducePayload,
  SetMutedPayload,
  MicStatusPayload,
  type AudioSelf,
  type AudioSource,
  type AudioStatus,
  type ConsumerInfo,
  type JoinAudioResult,
  type TransportInfo,
} from './audio';
import {
  AddSpeakerPayload,
  GiveFloorPayload,
  MoveSpeakerPayload,
  RaiseHandPayload,
  SpeakerRef,
  SpeakingTimePayload,
  type SpeakersState,
} from './speakers';
import {
  LadderCurrentPayload,
  LadderDecidePayload,
  LadderOpenPayload,
  LadderPositionPayload,
  LadderRevisePayload,
  type Ladder,
} from './ladder';
import {
  PulseAnswerPayload,
  PulseHallPayload,
  PulseOpenPayload,
  PulseRef,
  type PulseAnswer,
  type PulseState,
  type RecordPulse,
} from './pulse';
import { ScreenShowPayload } from './screen';
import type { ParticipantsPatch, RoomPatch } from './deltas';

/** Sent in the Socket.IO handshake (`auth`). Staff are recognised by their session cookie. */
export const HandshakeAuth = z.strictObject({
  protocolVersion: z.number().int(),
  meetingCode: MeetingCode,
  as: z.enum(['participant', 'staff', 'screen']),
  token: z.string().max(512).optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

const Empty = z.strictObject({});

/** One zod schema per client → server event. The server validates every payload with it. */
export const CLIENT_EVENTS = {
  'meeting:start': Empty,
  'meeting:close': CloseMeetingPayload,
  'meeting:setCurrentItem': SetCurrentItemPayload,
  'meeting:nextItem': Empty,
  'meeting:timer': TimerPayload,
  'participant:update': ParticipantPatch,
  'vote:open': OpenVoteBody,
  'vote:cast': CastBallotPayload,
  'vote:mine': VoteRef,
  'vote:hallCount': HallCountPayload,
  'vote:close': VoteRef,
  'vote:roll': VoteRef,
  'speakers:raise': RaiseHandPayload,
  'speakers:add': AddSpeakerPayload,
  'speakers:move': MoveSpeakerPayload,
  'speakers:remove': SpeakerRef,
  'speakers:give': GiveFloorPayload,
  'speakers:take': Empty,
  'speakers:time': SpeakingTimePayload,
  'audio:join': JoinAudioPayload,
  'audio:createTransport': CreateTransportPayload,
  'audio:connectTransport': ConnectTransportPayload,
  'audio:produce': ProducePayload,
  'audio:consume': ConsumePayload,
  'audio:resume': ConsumerRef,
  'audio:setMuted': SetMutedPayload,
  'audio:micStatus': MicStatusPayload,
  'audio:leave': Empty,
  'audio:mute': MuteParticipantPayload,
  'audio:muteAll': MuteAllPayload,
  'audio:designateHall': DesignateHallPayload,
  'vote:hallConfirm': HallConfirmPayload,
  'vote:assist': AssistPayload,
  'vote:witness': WitnessPayload,
  'vote:proxyCast': ProxyCastPayload,
  'vote:mandates': LadderCurrentPayload,
  /** Assisted votes waiting for this participant to witness (asked again after a reload). */
  'vote:assistPending': Empty,
  'ladder:open': LadderOpenPayload,
  'ladder:current': LadderCurrentPayload,
  'ladder:position': LadderPositionPayload,
  'ladder:revise': LadderRevisePayload,
  'ladder:decide': LadderDecidePayload,
  'pulse:open': PulseOpenPayload,
  'pulse:answer': PulseAnswerPayload,
  'pulse:mine': PulseRef,
  'pulse:hall': PulseHallPayload,
  'pulse:close': PulseRef,
  'pulse:keep': PulseRef,
  'pulse:discard': PulseRef,
  /** The facilitator directs the hall screen (issue 10). */
  'screen:show': ScreenShowPayload,
  'meeting:settings': MeetingSettingsBody,
  'staff:set': StaffBody,
  /** Roster entries (应到名单) typed by the facilitator. */
  'roster:add': RosterEntriesBody,
  /** People in the hall without a phone: on the roster and checked in; they raise hands. */
  'roster:addHall': RosterBody,
  'participant:remove': ParticipantRef,
  'waiting:admit': AdmitPayload,
  'waiting:refuse': WaitingRef,
  'vote:mandate': MandateBody,
  'vote:setQuorum': QuorumBody,
  /** Items appended to the agenda (the console edits it in the doc; this is for scripts). */
  'agenda:append': AppendAgendaBody,
} as const;
export type ClientEventName = keyof typeof CLIENT_EVENTS;

/** What each event's ack carries on success. */
export interface ClientEventResults {
  'meeting:start': RoomState;
  'meeting:close': MeetingRecord;
  'meeting:setCurrentItem': RoomState;
  'meeting:nextItem': RoomState;
  'meeting:timer': RoomState;
  'participant:update': Participant;
  'vote:open': TalliedVote;
  'vote:cast': BallotReceipt;
  'vote:mine': { choice: Choice | null; options?: number[] };
  'vote:hallCount': TalliedVote;
  'vote:close': TalliedVote;
  'vote:roll': Roll;
  'speakers:raise': SpeakersState;
  'speakers:add': SpeakersState;
  'speakers:move': SpeakersState;
  'speakers:remove': SpeakersState;
  'speakers:give': SpeakersState;
  'speakers:take': SpeakersState;
  'speakers:time': SpeakersState;
  'audio:join': JoinAudioResult;
  'audio:createTransport': TransportInfo;
  'audio:connectTransport': Record<string, never>;
  'audio:produce': { producerId: string };
  'audio:consume': ConsumerInfo;
  'audio:resume': Record<string, never>;
  'audio:setMuted': AudioSelf;
  'audio:micStatus': Record<string, never>;
  'audio:leave': Record<string, never>;
  'audio:mute': AudioStatus;
  'audio:muteAll': AudioStatus;
  'audio:designateHall': AudioStatus;
  'vote:hallConfirm': TalliedVote;
  'vote:assist': AssistRequest;
  'vote:witness': BallotReceipt;
  'vote:proxyCast': BallotReceipt;
  /** The people who mandated this participant to vote for them. */
  'vote:mandates': { id: string; name: string }[];
  'vote:assistPending': AssistRequest[];
  'ladder:open': Ladder;
  /** The meeting's latest ladder (open or decided), or null. */
  'ladder:current': Ladder | null;
  'ladder:position': Ladder;
  'ladder:revise': Ladder;
  'ladder:decide': Ladder;
  'pulse:open': PulseState;
  /** The answer as counted (the phone's own; never anyone else's). */
  'pulse:answer': { answer: PulseAnswer };
  'pulse:mine': { answer: PulseAnswer | null };
  'pulse:hall': PulseState;
  'pulse:close': PulseState;
  /** Closes it if still open, stores the counts for the record and takes it off screens. */
  'pulse:keep': RecordPulse;
  'pulse:discard': Record<string, never>;
  'screen:show': RoomState;
  'meeting:settings': Meeting;
  'staff:set': StaffMember[];
  'roster:add': Participant[];
  'roster:addHall': Participant[];
  'participant:remove': Record<string, never>;
  'waiting:admit': Participant;
  'waiting:refuse': Record<string, never>;
  'vote:mandate': { grantorId: string; holderId: string };
  'vote:setQuorum': { quorum: number };
  'agenda:append': AgendaItem[];
}

export type AckCallback<T> = (ack: Ack<T>) => void;

export type ClientToServerEvents = {
  [K in ClientEventName]: (
    payload: z.input<(typeof CLIENT_EVENTS)[K]>,
    ack: AckCallback<ClientEventResults[K]>,
  ) => void;
};

export interface ServerToClientEvents {
  /** The room as everyone sees it; sent on connect and on every change. */
  'room:state': (state: RoomState) => void;
  /** What changed in the room since this client's last snapshot or patch (`deltas.ts`). */
  'room:patch': (patch: RoomPatch) => void;
  /** Live tally of the open vote (cheaper than a whole room state). */
  'vote:update': (vote: Vote) => void;
  /** Staff only: the participant list with presence. */
  'participants:list': (participants: Participant[]) => void;
  /** Staff only: who was added, changed or removed since the last list or patch. */
  'participants:patch': (patch: ParticipantsPatch) => void;
  /** Staff only: the people waiting at the door (issue 9). */
  'waiting:list': (waiting: WaitingEntry[]) => void;
  /** Staff only: what this account may do here, on connect and whenever the staff change
   * (issue 10); computed with `hasPermission`, the console's only source for its controls. */
  'access:update': (access: MeetingAccess) => void;
  /** This participant was given a proxy mandate: fetch `vote:mandates` again. */
  'mandates:changed': () => void;
  /** This participant is asked to witness an assisted vote. */
  'assist:request': (request: AssistRequest) => void;
  /** Hall screens and staff: the temperature check's live counts (null: taken off screens). */
  'pulse:update': (pulse: PulseState | null) => void;
  /** The consensus ladder moved (position, revision, decision). */
  'ladder:update': (ladder: Ladder) => void;
  /** A participant's own record changed (role, attendance). */
  'self:update': (participant: ParticipantSelf) => void;
  /** Audio devices only: the producers this device should consume (replaces the last list). */
  'audio:sources': (sources: AudioSource[]) => void;
  /** Audio devices only: whether this device's microphone may be open now. */
  'audio:self': (self: AudioSelf) => void;
  /** Who is speaking now (owners: participant ids, or 'hall'). */
  'audio:speaking': (speaking: { owners: string[] }) => void;
  /** The meeting's audio restarted (its worker died): join audio again. */
  'audio:reset': () => void;
}
