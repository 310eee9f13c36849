import type { types } from 'mediasoup';
import { ERROR_CODES, type AudioSource } from '../../shared/protocol';
import { AppError } from '../errors';
import type { AudioDevice, AudioPeer } from './peer';
import { hears } from './policy';

/** Every device in audio, by socket: one per browser tab or phone. */
export class PeerDirectory {
  private readonly peers = new Map<string, AudioPeer>();

  add(peer: AudioPeer): void {
    this.peers.set(peer.socket.id, peer);
  }

  /** Removes and returns the device of a socket, if it was in audio. */
  take(socketId: string): AudioPeer | undefined {
    const peer = this.peers.get(socketId);
    this.peers.delete(socketId);
    return peer;
  }

  has(peer: AudioPeer): boolean {
    return this.peers.get(peer.socket.id) === peer;
  }

  socketIds(): string[] {
    return [...this.peers.keys()];
  }

  /** The caller's device; signalling before `audio:join` is a client error. */
  of(socket: AudioDevice): AudioPeer {
    const peer = this.peers.get(socket.id);
    if (!peer) throw new AppError(ERROR_CODES.VALIDATION, 'Join audio first (audio:join)');
    return peer;
  }

  inMeeting(meetingId: string): AudioPeer[] {
    return [...this.peers.values()].filter((p) => p.meetingId === meetingId);
  }

  /** What a device may consume: every live producer of its meeting but its own. */
  sourcesFor(listener: AudioPeer): AudioSource[] {
    return this.inMeeting(listener.meetingId).flatMap((p) =>
      p.producer && !p.producer.closed && hears(listener.owner, p.owner)
        ? [{ producerId: p.producer.id, owner: p.owner, name: p.name }]
        : [],
    );
  }

  /** Test and diagnostics view: live mediasoup objects of one meeting. */
  stats(meetingId: string) {
    const peers = this.inMeeting(meetingId);
    const open = (p: AudioPeer) => [...p.transports.values()].filter((t) => !t.closed).length;
    return {
      peers: peers.length,
      transports: peers.reduce((n, p) => n + open(p), 0),
      producers: peers.filter((p) => p.producer && !p.producer.closed).length,
      consumers: peers.reduce((n, p) => n + p.consumers.size, 0),
    };
  }

  producerOf(meetingId: string, owner: string): types.Producer | null {
    return this.inMeeting(meetingId).find((p) => p.owner === owner)?.producer ?? null;
  }
}
