import type { types } from 'mediasoup';
import {
  ERROR_CODES,
  type AudioPeerKind,
  type Principal,
  type ServerToClientEvents,
} from '../../shared/protocol';
import { AppError } from '../errors';
import type { MeetingRoom } from '../meetings/room';

/**
 * The one connection a device talks over (a Socket.IO socket, adapted by nothing: it fits).
 * Audio knows only this much of the transport, so the audio layer stays below it.
 */
type DeviceEvents = Pick<ServerToClientEvents, 'audio:reset' | 'audio:sources' | 'audio:self'>;
export interface AudioDevice {
  readonly id: string;
  emit<E extends keyof DeviceEvents>(event: E, ...args: Parameters<DeviceEvents[E]>): unknown;
  once(event: 'disconnect', listener: () => void): unknown;
}

/** One device in a meeting's audio: its transports, its microphone and what it plays. */
export class AudioPeer {
  readonly transports = new Map<string, types.WebRtcTransport>();
  producer: types.Producer | null = null;
  readonly consumers = new Map<string, types.Consumer>();
  /** The speaker's own mute button (the server may hold the mic closed on top of it). */
  selfMuted = false;

  constructor(
    readonly socket: AudioDevice,
    readonly meetingId: string,
    /** participant id, 'hall', or `staff:<userId>`. */
    readonly owner: string,
    readonly participantId: string | null,
    readonly name: string,
    readonly kind: AudioPeerKind,
  ) {}

  transport(id: string, direction: 'send' | 'recv'): types.WebRtcTransport | null {
    const transport = this.transports.get(id);
    return transport && transport.appData.direction === direction ? transport : null;
  }

  /** Closing a transport closes its producers and consumers in the worker too. */
  close(): void {
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
    this.consumers.clear();
    this.producer = null;
  }
}

/**
 * What a joining device is, decided from who it is, never from what it claims: staff join as
 * the hall device or from afar; a participant by their attendance, or as the hall device when
 * the facilitator designated them.
 */
export function newPeer(
  socket: AudioDevice,
  room: MeetingRoom,
  principal: Principal,
  mode: 'hall' | 'member',
  hallParticipant: string | null,
): AudioPeer {
  if (principal.kind === 'user') {
    const owner = mode === 'hall' ? 'hall' : `staff:${principal.userId}`;
    const kind = mode === 'hall' ? 'hall' : 'remote';
    return new AudioPeer(socket, room.id, owner, null, principal.displayName, kind);
  }
  const me =
    principal.kind === 'participant' ? room.participants.get(principal.participantId) : undefined;
  if (!me) throw new AppError(ERROR_CODES.PARTICIPANT_NOT_FOUND, 'No such participant');
  if (mode === 'member')
    return new AudioPeer(socket, room.id, me.id, me.id, me.name, me.attendance);
  if (hallParticipant !== me.id) {
    throw new AppError(ERROR_CODES.FORBIDDEN, 'The facilitator has not made this the hall device');
  }
  return new AudioPeer(socket, room.id, 'hall', me.id, me.name, 'hall');
}
