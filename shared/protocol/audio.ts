import { z } from 'zod';
import { Id } from './common';

/**
 * Audio signalling in mediasoup's canonical order: join (router capabilities) → transport →
 * connect → produce → consume → resume. The nested RTP objects are checked for their shape
 * here and in depth by mediasoup itself, which refuses anything it cannot use.
 */
const Loose = z.looseObject({});
const MediaId = z.string().min(1).max(64);

/** How this device takes part: the hall device carries the room mic and speakers. */
export const AUDIO_MODES = ['hall', 'member'] as const;
export const JoinAudioPayload = z.strictObject({ mode: z.enum(AUDIO_MODES) });
/** What the server decided this device is: hall device, remote member, phone in the room. */
export type AudioPeerKind = 'hall' | 'remote' | 'room';
export interface JoinAudioResult {
  routerRtpCapabilities: Record<string, unknown>;
  kind: AudioPeerKind;
  /** Whether the microphone may be opened now (false: wait for the floor). */
  canProduce: boolean;
  /** Whether this device plays meeting audio (phones in the room never do). */
  canConsume: boolean;
}

export const CreateTransportPayload = z.strictObject({ direction: z.enum(['send', 'recv']) });
export interface TransportInfo {
  id: string;
  iceParameters: Record<string, unknown>;
  iceCandidates: Record<string, unknown>[];
  dtlsParameters: Record<string, unknown>;
}

const DtlsParameters = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.strictObject({ algorithm: z.string().max(20), value: z.string().max(200) }))
    .min(1)
    .max(8),
});
export const ConnectTransportPayload = z.strictObject({
  transportId: MediaId,
  dtlsParameters: DtlsParameters,
});

const RtpParameters = z.looseObject({
  codecs: z.array(z.looseObject({ mimeType: z.string().max(40), payloadType: z.number() })).min(1),
  encodings: z.array(Loose).max(4).optional(),
});
export const ProducePayload = z.strictObject({
  transportId: MediaId,
  kind: z.literal('audio'),
  rtpParameters: RtpParameters,
  appData: Loose.optional(),
});

export const ConsumePayload = z.strictObject({
  transportId: MediaId,
  producerId: MediaId,
  rtpCapabilities: z.looseObject({ codecs: z.array(Loose).max(100).optional() }),
});
export interface ConsumerInfo {
  id: string;
  producerId: string;
  kind: 'audio';
  rtpParameters: Record<string, unknown>;
}

export const ConsumerRef = z.strictObject({ consumerId: MediaId });
/** The speaker's own mute button. Unmuting is refused while the facilitator holds them muted. */
export const SetMutedPayload = z.strictObject({ muted: z.boolean() });
/** Facilitator: mute or release one participant (server-side: their producer is paused). */
export const MuteParticipantPayload = z.strictObject({ participantId: Id, muted: z.boolean() });
/** Facilitator: mute everyone but the hall device; afterwards only the floor holder speaks. */
export const MuteAllPayload = z.strictObject({ muted: z.boolean() });

/** Why a device cannot open its microphone, as the device itself found out. */
export const MIC_PROBLEMS = [
  /** Page not in a secure context (plain http on the LAN): no navigator.mediaDevices. */
  'insecure',
  /** The person or the browser refused the permission. */
  'denied',
  /** No microphone on the device. */
  'noDevice',
  /** Anything else (the device is busy, the transport failed). */
  'failed',
] as const;
export type MicProblem = (typeof MIC_PROBLEMS)[number];
/** A participant's device: whether it can open its microphone ('ok' clears a problem). */
export const MicStatusPayload = z.strictObject({ status: z.enum(['ok', ...MIC_PROBLEMS]) });

/** Facilitator: let a participant's device be the hall device (null: only staff may). */
export const DesignateHallPayload = z.strictObject({ participantId: Id.nullable() });

/** A producer a device may consume, with who it belongs to (for speaking indicators). */
export interface AudioSource {
  producerId: string;
  /** participant id, or 'hall' for the hall device. */
  owner: string;
  name: string;
}

/** Audio as everyone sees it (part of RoomState). */
export interface AudioStatus {
  /** false when no mediasoup worker could start: the meeting runs on without audio. */
  available: boolean;
  /** A hall device is connected. */
  hallDevice: boolean;
  /** The participant designated to be the hall device, if not a staff laptop. */
  hallParticipant: string | null;
  /** Mute-all in force: only the floor holder (and the hall device) may speak. */
  floorOnly: boolean;
  /** Participants the facilitator muted. */
  muted: string[];
  /**
   * Participants whose device said it cannot open a microphone, with why: the console offers
   * the hall microphone for them. Until the device says it can.
   */
  micTrouble: Record<string, MicProblem>;
}

/** What the server tells one device about its own microphone. */
export interface AudioSelf {
  canProduce: boolean;
  /** Why not, when canProduce is false. */
  reason: 'muted' | 'floorOnly' | 'inRoom' | null;
}

export const NO_AUDIO: AudioStatus = {
  available: false,
  hallDevice: false,
  hallParticipant: null,
  floorOnly: false,
  muted: [],
  micTrouble: {},
};
