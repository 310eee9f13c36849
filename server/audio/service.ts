import type { types } from 'mediasoup';
import {
  ERROR_CODES,
  type AudioSelf,
  type AudioStatus,
  type ConsumerInfo,
  type JoinAudioResult,
  type MicProblem,
  type Principal,
  type TransportInfo,
} from '../../shared/protocol';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { MeetingBus } from '../meetings/bus';
import type { MeetingRoom } from '../meetings/room';
import type { RoomRegistry } from '../meetings/rooms';
import { newPeer, type AudioDevice, type AudioPeer } from './peer';
import { Moderation } from './moderation';
import { PeerDirectory } from './peers';
import { mayConsume } from './policy';
import { WorkerPool } from './pool';
import { RouterRegistry } from './routers';
import { createWebRtcTransport, transportInfo } from './transports';

/**
 * Audio signalling: devices joining, their transports, producers and consumers, and who hears
 * whom. The rules on open microphones live in moderation.ts and are enforced on the server: a
 * paused producer forwards nothing, whatever the speaker's page does.
 */
export class AudioService {
  readonly pool: WorkerPool;
  private readonly routers: RouterRegistry;
  private readonly peers = new PeerDirectory();
  private readonly moderation = new Moderation();

  constructor(
    private readonly config: Config,
    private readonly rooms: () => RoomRegistry,
    private readonly bus: MeetingBus,
    private readonly log: Logger,
  ) {
    this.pool = new WorkerPool(config, log);
    this.routers = new RouterRegistry(
      this.pool,
      log,
      (meetingId) => this.lost(meetingId),
      (meetingId, producerIds) => this.speaking(meetingId, producerIds),
    );
    this.pool.on('availability', () => void this.refreshAll());
    // A participant moved between the room and remote: their device's role changes with it.
    bus.on('participantChanged', (participant) => {
      for (const peer of this.peers.inMeeting(participant.meetingId)) {
        const stale = peer.kind !== 'hall' && peer.kind !== participant.attendance;
        if (peer.participantId === participant.id && stale) this.reset(peer);
      }
    });
    bus.on('meetingClosed', (meetingId) => {
      for (const peer of this.peers.inMeeting(meetingId)) this.leave(peer.socket.id);
      this.routers.close(meetingId);
    });
    // Nobody is in its audio (their sockets would hold the meeting): the router goes too.
    bus.on('meetingUnloaded', (meetingId) => {
      this.routers.close(meetingId);
      this.moderation.forget(meetingId);
    });
  }

  async start(): Promise<void> {
    await this.pool.start();
  }

  /** RoomState's audio field for one meeting. */
  status(meetingId: string): AudioStatus {
    const mod = this.moderation.of(meetingId);
    return {
      available: this.pool.available,
      hallDevice: this.peers.inMeeting(meetingId).some((p) => p.kind === 'hall'),
      hallParticipant: mod.hallParticipant,
      floorOnly: mod.floorOnly,
      muted: [...mod.muted],
      micTrouble: Object.fromEntries(mod.micTrouble),
    };
  }

  /** A participant's device says whether it can open a microphone (for the console). */
  reportMic(room: MeetingRoom, participantId: string, status: MicProblem | 'ok'): void {
    const trouble = this.moderation.of(room.id).micTrouble;
    if (status === 'ok') trouble.delete(participantId);
    else trouble.set(participantId, status);
    this.refresh(room);
  }

  async join(
    socket: AudioDevice,
    room: MeetingRoom,
    principal: Principal,
    mode: 'hall' | 'member',
  ): Promise<JoinAudioResult> {
    if (!this.pool.available) throw new AppError(ERROR_CODES.AUDIO_UNAVAILABLE, 'No audio');
    this.leave(socket.id);
    const hallParticipant = this.moderation.of(room.id).hallParticipant;
    const peer = newPeer(socket, room, principal, mode, hallParticipant);
    // One hall device per meeting: the newest one takes over the room's mic and speakers.
    if (peer.kind === 'hall') {
      // (No audio:reset to the old one: it would rejoin and take the hall back.)
      for (const p of this.peers.inMeeting(room.id)) if (p.kind === 'hall') this.leave(p.socket.id);
    }
    const media = await this.routers.ensure(room.id);
    if (!media) throw new AppError(ERROR_CODES.AUDIO_UNAVAILABLE, 'No audio worker');
    this.peers.add(peer);
    socket.once('disconnect', () => this.leave(socket.id));
    this.refresh(room);
    const self = this.moderation.self(peer, room);
    return {
      routerRtpCapabilities: media.router.rtpCapabilities as Record<string, unknown>,
      kind: peer.kind,
      canProduce: self.canProduce,
      canConsume: mayConsume(peer.kind),
    };
  }

  async createTransport(socket: AudioDevice, direction: 'send' | 'recv'): Promise<TransportInfo> {
    const peer = this.peers.of(socket);
    if (direction === 'recv' && !mayConsume(peer.kind)) {
      throw new AppError(ERROR_CODES.FORBIDDEN, 'Phones in the room do not play meeting audio');
    }
    const media = this.routers.get(peer.meetingId);
    if (!media) throw new AppError(ERROR_CODES.AUDIO_UNAVAILABLE, 'No audio');
    const server = this.pool.webRtcServers.get(media.router.appData.worker as types.Worker);
    const transport = await createWebRtcTransport(media.router, server, this.config, direction);
    // One transport per direction: a retry replaces the previous one.
    for (const [id, old] of peer.transports) {
      if (old.appData.direction === direction) {
        old.close();
        peer.transports.delete(id);
      }
    }
    peer.transports.set(transport.id, transport);
    if (direction === 'recv') setImmediate(() => this.sendSources(peer));
    return transportInfo(transport);
  }

  async connect(socket: AudioDevice, transportId: string, dtls: unknown): Promise<void> {
    const peer = this.peers.of(socket);
    const transport = peer.transports.get(transportId);
    if (!transport) throw new AppError(ERROR_CODES.VALIDATION, 'Unknown transport');
    await transport.connect({ dtlsParameters: dtls as types.DtlsParameters });
  }

  async produce(
    socket: AudioDevice,
    room: MeetingRoom,
    transportId: string,
    rtpParameters: unknown,
  ): Promise<string> {
    const peer = this.peers.of(socket);
    const transport = peer.transport(transportId, 'send');
    if (!transport) throw new AppError(ERROR_CODES.VALIDATION, 'Unknown send transport');
    const self = this.moderation.self(peer, room);
    if (!self.canProduce)
      throw new AppError(ERROR_CODES.FLOOR_REQUIRED, `Mic closed: ${self.reason}`);
    peer.producer?.close();
    const producer = await transport.produce({
      kind: 'audio',
      rtpParameters: rtpParameters as types.RtpParameters,
      appData: { owner: peer.owner },
    });
    peer.producer = producer;
    peer.selfMuted = false;
    await this.routers.get(peer.meetingId)?.levels.addProducer({ producerId: producer.id });
    this.sendAllSources(peer.meetingId);
    return producer.id;
  }

  async consume(
    socket: AudioDevice,
    transportId: string,
    producerId: string,
    rtpCapabilities: unknown,
  ): Promise<ConsumerInfo> {
    const peer = this.peers.of(socket);
    if (!mayConsume(peer.kind)) throw new AppError(ERROR_CODES.FORBIDDEN, 'No playback here');
    const transport = peer.transport(transportId, 'recv');
    if (!transport) throw new AppError(ERROR_CODES.VALIDATION, 'Unknown receive transport');
    const source = this.peers.sourcesFor(peer).find((s) => s.producerId === producerId);
    const media = this.routers.get(peer.meetingId);
    const caps = rtpCapabilities as types.RtpCapabilities;
    if (!source || !media?.router.canConsume({ producerId, rtpCapabilities: caps })) {
      throw new AppError(ERROR_CODES.VALIDATION, 'Cannot consume that producer');
    }
    // Paused until the client has wired the track up and asks to resume (no lost first words).
    const consumer = await transport.consume({ producerId, rtpCapabilities: caps, paused: true });
    peer.consumers.set(consumer.id, consumer);
    consumer.on('producerclose', () => peer.consumers.delete(consumer.id));
    consumer.on('transportclose', () => peer.consumers.delete(consumer.id));
    return {
      id: consumer.id,
      producerId,
      kind: 'audio',
      rtpParameters: consumer.rtpParameters as unknown as Record<string, unknown>,
    };
  }

  async resume(socket: AudioDevice, consumerId: string): Promise<void> {
    const consumer = this.peers.of(socket).consumers.get(consumerId);
    if (!consumer) throw new AppError(ERROR_CODES.VALIDATION, 'Unknown consumer');
    await consumer.resume();
  }

  async setMuted(socket: AudioDevice, room: MeetingRoom, muted: boolean): Promise<AudioSelf> {
    const peer = this.peers.of(socket);
    const self = this.moderation.self(peer, room);
    if (!muted && !self.canProduce) {
      throw new AppError(ERROR_CODES.FLOOR_REQUIRED, `Mic closed: ${self.reason}`);
    }
    peer.selfMuted = muted;
    await this.moderation.apply(peer, room);
    return this.moderation.self(peer, room);
  }

  /** Facilitator: mute (or release) one participant; enforced by pausing their producer. */
  async mute(room: MeetingRoom, participantId: string, muted: boolean): Promise<AudioStatus> {
    const mod = this.moderation.of(room.id);
    if (muted) mod.muted.add(participantId);
    else mod.muted.delete(participantId);
    await this.enforce(room);
    return this.status(room.id);
  }

  /** Facilitator: everyone but the hall device falls silent; then only the floor holder speaks. */
  async muteAll(room: MeetingRoom, muted: boolean): Promise<AudioStatus> {
    this.moderation.of(room.id).floorOnly = muted;
    await this.enforce(room);
    return this.status(room.id);
  }

  /** Facilitator: a participant's device (a phone wired to the PA) becomes the hall device. */
  designateHall(room: MeetingRoom, participantId: string | null): AudioStatus {
    if (participantId !== null && !room.participants.has(participantId)) {
      throw new AppError(ERROR_CODES.PARTICIPANT_NOT_FOUND, 'No such participant');
    }
    const mod = this.moderation.of(room.id);
    const previous = mod.hallParticipant;
    mod.hallParticipant = participantId;
    for (const peer of this.peers.inMeeting(room.id)) {
      if (peer.kind === 'hall' && peer.participantId === previous && previous !== participantId) {
        this.reset(peer);
      }
    }
    this.refresh(room);
    return this.status(room.id);
  }

  /** Drops a device's audio and tells it to join again (its role changed). */
  private reset(peer: AudioPeer): void {
    this.leave(peer.socket.id);
    peer.socket.emit('audio:reset');
  }

  leave(socketId: string): void {
    const peer = this.peers.take(socketId);
    if (!peer) return;
    peer.close();
    this.sendAllSources(peer.meetingId);
    void this.rooms()
      .loaded(peer.meetingId)
      .then((room) => room && this.refresh(room));
  }

  /** Test and diagnostics view: live mediasoup objects of one meeting. */
  stats(meetingId: string) {
    return this.peers.stats(meetingId);
  }

  producerOf(meetingId: string, owner: string): types.Producer | null {
    return this.peers.producerOf(meetingId, owner);
  }

  close(): void {
    for (const id of this.peers.socketIds()) this.leave(id);
    this.pool.close();
  }

  /** Re-checks every microphone of a meeting (the floor or a mute changed). */
  async enforce(room: MeetingRoom): Promise<void> {
    await this.moderation.enforce(room, this.peers.inMeeting(room.id));
    this.refresh(room);
  }

  private sendSources(peer: AudioPeer): void {
    if (mayConsume(peer.kind) && this.peers.has(peer)) {
      peer.socket.emit('audio:sources', this.peers.sourcesFor(peer));
    }
  }

  private sendAllSources(meetingId: string): void {
    for (const peer of this.peers.inMeeting(meetingId)) this.sendSources(peer);
  }

  private speaking(meetingId: string, producerIds: string[]): void {
    const owners = this.peers
      .inMeeting(meetingId)
      .filter((p) => p.producer && producerIds.includes(p.producer.id))
      .map((p) => p.owner);
    this.bus.emit('speaking', meetingId, owners);
  }

  /** The worker under this meeting died: its devices join again (on a fresh worker). */
  private lost(meetingId: string): void {
    for (const peer of this.peers.inMeeting(meetingId)) {
      this.peers.take(peer.socket.id);
      peer.close();
      peer.socket.emit('audio:reset');
    }
    this.log.warn({ meetingId }, 'meeting audio lost with its worker; devices rejoin');
    void this.refreshAll();
  }

  /** Writes the audio status into the room; broadcast only when it changed. */
  refresh(room: MeetingRoom): void {
    const next = this.status(room.id);
    if (JSON.stringify(next) === JSON.stringify(room.audio)) return;
    room.audio = next;
    this.bus.emit('roomChanged', room.id);
  }

  private async refreshAll(): Promise<void> {
    for (const room of await this.rooms().all()) this.refresh(room);
  }
}
