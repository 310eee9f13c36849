import type { types } from 'mediasoup';
import type { AudioPeerKind } from '../../shared/protocol';
import type { IoSocket } from '../realtime/context';

/** One device in a meeting's audio: its transports, its microphone and what it plays. */
export class AudioPeer {
  readonly transports = new Map<string, types.WebRtcTransport>();
  producer: types.Producer | null = null;
  readonly consumers = new Map<string, types.Consumer>();
  /** The speaker's own mute button (the server may hold the mic closed on top of it). */
  selfMuted = false;

  constructor(
    readonly socket: IoSocket,
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
