import type { AudioSelf, MicProblem } from '../../shared/protocol';
import type { MeetingRoom } from '../meetings/room';
import { floorHolder } from '../speakers/queue';
import type { AudioPeer } from './peer';
import { micPolicy } from './policy';

interface MeetingModeration {
  /** Mute-all in force: only the floor holder (and the hall device) may speak. */
  floorOnly: boolean;
  /** A participant whose device may be the hall device (besides staff laptops). */
  hallParticipant: string | null;
  /** Participants the facilitator muted one by one. */
  muted: Set<string>;
  /** Who held the floor at the last check: losing it closes their microphone. */
  lastHolder: string | null;
  /** Participants whose device reported it cannot open a microphone, and why. */
  micTrouble: Map<string, MicProblem>;
}

/**
 * The facilitator's hold on the microphones of each meeting, and its enforcement: producers
 * are paused in the worker, so a muted speaker's packets go nowhere whatever their page does.
 */
export class Moderation {
  private readonly meetings = new Map<string, MeetingModeration>();

  of(meetingId: string): MeetingModeration {
    let mod = this.meetings.get(meetingId);
    if (!mod) {
      mod = {
        floorOnly: false,
        hallParticipant: null,
        muted: new Set(),
        lastHolder: null,
        micTrouble: new Map(),
      };
      this.meetings.set(meetingId, mod);
    }
    return mod;
  }

  /** An idle meeting left memory: its mutes and hall device are forgotten, as at a restart. */
  forget(meetingId: string): void {
    this.meetings.delete(meetingId);
  }

  /** Whether this device's microphone may be open now, and why not. */
  self(peer: AudioPeer, room: MeetingRoom): AudioSelf {
    const mod = this.of(room.id);
    return micPolicy(peer.kind, peer.participantId, {
      floorOnly: mod.floorOnly,
      muted: mod.muted,
      floorHolder: floorHolder(room.speakers),
    });
  }

  /** Pauses or resumes one producer so the worker matches the rules and the mute button. */
  async apply(peer: AudioPeer, room: MeetingRoom): Promise<void> {
    const self = this.self(peer, room);
    const producer = peer.producer;
    if (producer && !producer.closed) {
      const pause = peer.selfMuted || !self.canProduce;
      if (pause && !producer.paused) await producer.pause();
      if (!pause && producer.paused) await producer.resume();
    }
    peer.socket.emit('audio:self', self);
  }

  /** Re-checks every device of a meeting after the floor or a mute changed. */
  async enforce(room: MeetingRoom, peers: AudioPeer[]): Promise<void> {
    const mod = this.of(room.id);
    const holder = floorHolder(room.speakers);
    for (const peer of peers) {
      if (!peer.participantId || peer.kind === 'hall') continue;
      // Giving the floor opens the speaker's microphone; taking it back closes it.
      if (peer.participantId === holder && mod.lastHolder !== holder) peer.selfMuted = false;
      if (peer.participantId === mod.lastHolder && holder !== mod.lastHolder) {
        peer.selfMuted = true;
      }
    }
    if (holder) mod.muted.delete(holder);
    mod.lastHolder = holder;
    await Promise.all(peers.map((peer) => this.apply(peer, room)));
  }
}
