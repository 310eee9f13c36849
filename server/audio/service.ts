import type { types } from 'mediasoup';
import {
  ERROR_CODES,
  type AudioSelf,
  type AudioSource,
  type AudioStatus,
  type ConsumerInfo,
  type JoinAudioResult,
  type Principal,
  type TransportInfo,
} from '../../shared/protocol';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { MeetingBus } from '../meetings/bus';
import type { MeetingRoom } from '../meetings/room';
import type { RoomRegistry } from '../meetings/rooms';
import type { IoSocket } from '../realtime/context';
import { floorHolder } from '../speakers/queue';
import { AudioPeer } from './peer';
import { hears, mayConsume, micPolicy, type FloorPolicy } from './policy';
import { listenInfo, WorkerPool } from './pool';
import { RouterRegistry } from './routers';

interface Moderation {
  floorOnly: boolean;
  /** A participant whose device may be the hall device (besides staff laptops). */
  hallParticipant: string | null;
  muted: Set<string>;
  /** Who held the floor at the last check: losing it closes their microphone. */
  lastHolder: string | null;
}

/**
 * Audio signalling and moderation. Every rule about who may speak or listen is enforced here,
 * on the server: a paused producer forwards nothing, whatever the speaker's page does.
 */
export class AudioService {
  readonly pool: WorkerPool;
  private readonly routers: RouterRegistry;
  private readonly peers = new Map<string, AudioPeer>();
  private readonly moderation = new Map<string, Moderation>();

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
    bus.on('speakersChanged', (meetingId) => void this.enforceById(meetingId));
    // A participant moved between the room and remote: their device's role changes with it.
    bus.on('participantChanged', (participant) => {
      for (const peer of this.peersOf(participant.meetingId)) {
        const stale = peer.kind !== 'hall' && peer.kind !== participant.attendance;
        if (peer.participantId === participant.id && stale) this.reset(peer);
      }
    });
    bus.on('meetingClosed', (meetingId) => {
      for (const peer of this.peersOf(meetingId)) this.leave(peer.socket.id);
      this.routers.close(meetingId);
    });
  }

  async start(): Promise<void> {
    await this.pool.start();
  }

  /** RoomState's audio field for one meeting. */
  status(meetingId: string): AudioStatus {
    const mod = this.moderation.get(meetingId);
    return {
      available: this.pool.available,
      hallDevice: this.peersOf(meetingId).some((p) => p.kind === 'hall'),
      hallParticipant: mod?.hallParticipant ?? null,
      floorOnly: mod?.floorOnly ?? false,
      muted: [...(mod?.muted ?? [])],
    };
  }

  async join(
    socket: IoSocket,
    room: MeetingRoom,
    principal: Principal,
    mode: 'hall' | 'member',
  ): Promise<JoinAudioResult> {
    if (!this.pool.available) throw new AppError(ERROR_CODES.AUDIO_UNAVAILABLE, 'No audio');
    this.leave(socket.id);
    const peer = this.newPeer(socket, room, principal, mode);
    // One hall device per meeting: the newest one takes over the room's mic and speakers.
    if (peer.kind === 'hall') {
      // (No audio:reset to the old one: it would rejoin and take the hall back.)
      for (const p of this.peersOf(room.id)) if (p.kind === 'hall') this.leave(p.socket.id);
    }
    const media = await this.routers.ensure(room.id);
    if (!media) throw new AppError(ERROR_CODES.AUDIO_UNAVAILABLE, 'No audio worker');
    this.peers.set(socket.id, peer);
    socket.once('disconnect', () => this.leave(socket.id));
    this.refresh(room);
    const self = this.self(peer, room);
    return {
      routerRtpCapabilities: media.router.rtpCapabilities as Record<string, unknown>,
      kind: peer.kind,
      canProduce: self.canProduce,
      canConsume: mayConsume(peer.kind),
    };
  }

  private newPeer(
    socket: IoSocket,
    room: MeetingRoom,
    principal: Principal,
    mode: 'hall' | 'member',
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
    if (this.mod(room.id).hallParticipant !== me.id) {
      throw new AppError(
        ERROR_CODES.FORBIDDEN,
        'The facilitator has not made this the hall device',
      );
    }
    return new AudioPeer(socket, room.id, 'hall', me.id, me.name, 'hall');
  }

  async createTransport(socket: IoSocket, direction: 'send' | 'recv'): Promise<TransportInfo> {
    const peer = this.peer(socket);
    if (direction === 'recv' && !mayConsume(peer.kind)) {
      throw new AppError(ERROR_CODES.FORBIDDEN, 'Phones in the room do not play meeting audio');
    }
    const media = this.routers.get(peer.meetingId);
    if (!media) throw new AppError(ERROR_CODES.AUDIO_UNAVAILABLE, 'No audio');
    const server = this.pool.webRtcServers.get(media.router.appData.worker as types.Worker);
    const info = listenInfo(this.config);
    const transport = await media.router.createWebRtcTransport({
      ...(server
        ? { webRtcServer: server }
        : {
            listenInfos: [
              { protocol: 'udp', ...info },
              { protocol: 'tcp', ...info },
            ],
          }),
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      appData: { direction },
    });
    // One transport per direction: a retry replaces the previous one.
    for (const [id, old] of peer.transports) {
      if (old.appData.direction === direction) {
        old.close();
        peer.transports.delete(id);
      }
    }
    peer.transports.set(transport.id, transport);
    if (direction === 'recv') setImmediate(() => this.sendSources(peer));
    return {
      id: transport.id,
      iceParameters: transport.iceParameters as unknown as Record<string, unknown>,
      iceCandidates: transport.iceCandidates as unknown as Record<string, unknown>[],
      dtlsParameters: transport.dtlsParameters as unknown as Record<string, unknown>,
    };
  }

  async connect(socket: IoSocket, transportId: string, dtls: unknown): Promise<void> {
    const peer = this.peer(socket);
    const transport = peer.transports.get(transportId);
    if (!transport) throw new AppError(ERROR_CODES.VALIDATION, 'Unknown transport');
    await transport.connect({ dtlsParameters: dtls as types.DtlsParameters });
  }

  async produce(
    socket: IoSocket,
    room: MeetingRoom,
    transportId: string,
    rtpParameters: unknown,
  ): Promise<string> {
    const peer = this.peer(socket);
    const transport = peer.transport(transportId, 'send');
    if (!transport) throw new AppError(ERROR_CODES.VALIDATION, 'Unknown send transport');
    const self = this.self(peer, room);
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
    socket: IoSocket,
    transportId: string,
    producerId: string,
    rtpCapabilities: unknown,
  ): Promise<ConsumerInfo> {
    const peer = this.peer(socket);
    if (!mayConsume(peer.kind)) throw new AppError(ERROR_CODES.FORBIDDEN, 'No playback here');
    const transport = peer.transport(transportId, 'recv');
    if (!transport) throw new AppError(ERROR_CODES.VALIDATION, 'Unknown receive transport');
    const source = this.sourcesFor(peer).find((s) => s.producerId === producerId);
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

  async resume(socket: IoSocket, consumerId: string): Promise<void> {
    const consumer = this.peer(socket).consumers.get(consumerId);
    if (!consumer) throw new AppError(ERROR_CODES.VALIDATION, 'Unknown consumer');
    await consumer.resume();
  }

  async setMuted(socket: IoSocket, room: MeetingRoom, muted: boolean): Promise<AudioSelf> {
    const peer = this.peer(socket);
    const self = this.self(peer, room);
    if (!muted && !self.canProduce) {
      throw new AppError(ERROR_CODES.FLOOR_REQUIRED, `Mic closed: ${self.reason}`);
    }
    peer.selfMuted = muted;
    await this.apply(peer, room);
    return this.self(peer, room);
  }

  /** Facilitator: mute (or release) one participant; enforced by pausing their producer. */
  async mute(room: MeetingRoom, participantId: string, muted: boolean): Promise<AudioStatus> {
    const mod = this.mod(room.id);
    if (muted) mod.muted.add(participantId);
    else mod.muted.delete(participantId);
    await this.enforce(room);
    return this.status(room.id);
  }

  /** Facilitator: everyone but the hall device falls silent; then only the floor holder speaks. */
  async muteAll(room: MeetingRoom, muted: boolean): Promise<AudioStatus> {
    this.mod(room.id).floorOnly = muted;
    await this.enforce(room);
    return this.status(room.id);
  }

  /** Facilitator: a participant's device (a phone wired to the PA) becomes the hall device. */
  designateHall(room: MeetingRoom, participantId: string | null): AudioStatus {
    if (participantId !== null && !room.participants.has(participantId)) {
      throw new AppError(ERROR_CODES.PARTICIPANT_NOT_FOUND, 'No such participant');
    }
    const mod = this.mod(room.id);
    const previous = mod.hallParticipant;
    mod.hallParticipant = participantId;
    for (const peer of this.peersOf(room.id)) {
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
    const peer = this.peers.get(socketId);
    if (!peer) return;
    this.peers.delete(socketId);
    peer.close();
    this.sendAllSources(peer.meetingId);
    void this.rooms()
      .loaded(peer.meetingId)
      .then((room) => room && this.refresh(room));
  }

  /** Test and diagnostics view: live mediasoup objects of one meeting. */
  stats(meetingId: string): {
    peers: number;
    transports: number;
    producers: number;
    consumers: number;
  } {
    const peers = this.peersOf(meetingId);
    return {
      peers: peers.length,
      transports: peers.reduce(
        (n, p) => n + [...p.transports.values()].filter((t) => !t.closed).length,
        0,
      ),
      producers: peers.filter((p) => p.producer && !p.producer.closed).length,
      consumers: peers.reduce((n, p) => n + p.consumers.size, 0),
    };
  }

  producerOf(meetingId: string, owner: string): types.Producer | null {
    return this.peersOf(meetingId).find((p) => p.owner === owner)?.producer ?? null;
  }

  close(): void {
    for (const id of [...this.peers.keys()]) this.leave(id);
    this.pool.close();
  }

  private peer(socket: IoSocket): AudioPeer {
    const peer = this.peers.get(socket.id);
    if (!peer) throw new AppError(ERROR_CODES.VALIDATION, 'Join audio first (audio:join)');
    return peer;
  }

  private peersOf(meetingId: string): AudioPeer[] {
    return [...this.peers.values()].filter((p) => p.meetingId === meetingId);
  }

  private mod(meetingId: string): Moderation {
    let mod = this.moderation.get(meetingId);
    if (!mod) {
      mod = { floorOnly: false, hallParticipant: null, muted: new Set(), lastHolder: null };
      this.moderation.set(meetingId, mod);
    }
    return mod;
  }

  private policy(room: MeetingRoom): FloorPolicy {
    const mod = this.mod(room.id);
    return { floorOnly: mod.floorOnly, muted: mod.muted, floorHolder: floorHolder(room.speakers) };
  }

  private self(peer: AudioPeer, room: MeetingRoom): AudioSelf {
    return micPolicy(peer.kind, peer.participantId, this.policy(room));
  }

  /** Pause or resume one producer so the worker matches the rules and the mute button. */
  private async apply(peer: AudioPeer, room: MeetingRoom): Promise<void> {
    const self = this.self(peer, room);
    const producer = peer.producer;
    if (producer && !producer.closed) {
      const pause = peer.selfMuted || !self.canProduce;
      if (pause && !producer.paused) await producer.pause();
      if (!pause && producer.paused) await producer.resume();
    }
    peer.socket.emit('audio:self', self);
  }

  private async enforceById(meetingId: string): Promise<void> {
    const room = await this.rooms().loaded(meetingId);
    if (room) await this.enforce(room);
  }

  private async enforce(room: MeetingRoom): Promise<void> {
    const mod = this.mod(room.id);
    const holder = floorHolder(room.speakers);
    for (const peer of this.peersOf(room.id)) {
      if (!peer.participantId || peer.kind === 'hall') continue;
      // Giving the floor opens the speaker's microphone; taking it back closes it.
      if (peer.participantId === holder && mod.lastHolder !== holder) peer.selfMuted = false;
      if (peer.participantId === mod.lastHolder && holder !== mod.lastHolder) {
        peer.selfMuted = true;
      }
    }
    if (holder) mod.muted.delete(holder);
    mod.lastHolder = holder;
    await Promise.all(this.peersOf(room.id).map((peer) => this.apply(peer, room)));
    this.refresh(room);
  }

  private sourcesFor(listener: AudioPeer): AudioSource[] {
    return this.peersOf(listener.meetingId).flatMap((p) =>
      p.producer && !p.producer.closed && hears(listener.owner, p.owner)
        ? [{ producerId: p.producer.id, owner: p.owner, name: p.name }]
        : [],
    );
  }

  private sendSources(peer: AudioPeer): void {
    if (mayConsume(peer.kind) && this.peers.get(peer.socket.id) === peer) {
      peer.socket.emit('audio:sources', this.sourcesFor(peer));
    }
  }

  private sendAllSources(meetingId: string): void {
    for (const peer of this.peersOf(meetingId)) this.sendSources(peer);
  }

  private speaking(meetingId: string, producerIds: string[]): void {
    const owners = this.peersOf(meetingId)
      .filter((p) => p.producer && producerIds.includes(p.producer.id))
      .map((p) => p.owner);
    this.bus.emit('speaking', meetingId, owners);
  }

  /** The worker under this meeting died: its devices join again (on a fresh worker). */
  private lost(meetingId: string): void {
    for (const peer of this.peersOf(meetingId)) {
      this.peers.delete(peer.socket.id);
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
