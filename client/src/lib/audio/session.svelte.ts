/**
 * One device's meeting audio over mediasoup-client. This module (and mediasoup-client with it)
 * is imported only when someone presses "join audio": phones never download it otherwise.
 */
import { Device, types } from 'mediasoup-client';
import type { AudioPeerKind, AudioSelf, AudioSource, ErrorCode, MicProblem } from '../protocol';
import { emitAck, type MeetingSocket } from '../socket';

export type AudioPhase = 'idle' | 'joining' | 'joined' | 'failed';
/** Why audio failed, as an i18n key suffix (`audio.error.*`). */
export type AudioFailure = 'denied' | 'unavailable' | 'failed';

/** Whether this page may ask for a microphone at all (a secure context with the API). */
export const micApiPresent = (): boolean =>
  typeof navigator.mediaDevices?.getUserMedia === 'function';

/** What getUserMedia's failure means for the person holding the phone. */
export function micProblemOf(err: unknown): MicProblem {
  if (!micApiPresent()) return 'insecure';
  const name = err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'noDevice';
  return 'failed';
}

export class AudioSession {
  phase: AudioPhase = $state('idle');
  failure: AudioFailure | null = $state(null);
  /** Why this device's microphone could not be opened (also told to the facilitator). */
  micProblem: MicProblem | null = $state(null);
  kind: AudioPeerKind | null = $state(null);
  /** Whether the server lets this microphone be open now. */
  self: AudioSelf = $state({ canProduce: false, reason: null });
  /** The speaker's own choice (mute button). */
  micOn = $state(false);
  listenOnly = $state(false);
  sources: AudioSource[] = $state([]);
  speaking: string[] = $state([]);

  #device: Device | null = null;
  #send: types.Transport | null = null;
  #recv: types.Transport | null = null;
  #producer: types.Producer | null = null;
  #track: MediaStreamTrack | null = null;
  /** Playing consumers by producer id (not reactive: the page shows `sources`). */
  #consumers: Record<string, { consumer: types.Consumer; audio: HTMLAudioElement }> = {};
  #off: (() => void)[] = [];

  constructor(
    private readonly socket: MeetingSocket,
    private readonly mode: 'hall' | 'member',
  ) {
    const on = <E extends 'audio:sources' | 'audio:self' | 'audio:speaking' | 'audio:reset'>(
      event: E,
      listener: Parameters<MeetingSocket['on']>[1],
    ): void => {
      socket.on(event, listener as never);
      this.#off.push(() => socket.off(event, listener as never));
    };
    on('audio:sources', (sources: AudioSource[]) => {
      this.sources = sources;
      void this.#syncConsumers();
    });
    on('audio:self', (self: AudioSelf) => {
      const opened = self.canProduce && !this.self.canProduce;
      this.self = self;
      // Given the floor: the server opened the mic; make sure there is one to open.
      if (opened && !this.listenOnly && this.phase === 'joined') void this.startMic();
      if (!self.canProduce) this.micOn = false;
    });
    on('audio:speaking', ({ owners }: { owners: string[] }) => (this.speaking = owners));
    // The server lost this meeting's worker and moved it: join again on the fresh one.
    on('audio:reset', () => {
      if (this.phase !== 'joined') return;
      this.#teardown();
      void this.join(this.listenOnly);
    });
  }

  async join(listenOnly = false): Promise<void> {
    this.phase = 'joining';
    this.failure = null;
    this.listenOnly = listenOnly;
    const joined = await emitAck(this.socket, 'audio:join', { mode: this.mode });
    if (!joined.ok) return this.#fail(joined.code);
    try {
      this.kind = joined.data.kind;
      this.self = { canProduce: joined.data.canProduce, reason: null };
      this.#device = new Device();
      await this.#device.load({
        routerRtpCapabilities: joined.data.routerRtpCapabilities as types.RtpCapabilities,
      });
      if (joined.data.canConsume) this.#recv = await this.#transport('recv');
      this.phase = 'joined';
      if (joined.data.canProduce && !listenOnly) await this.startMic();
      else await this.#syncConsumers();
    } catch (err) {
      this.#fail(err instanceof DOMException && err.name === 'NotAllowedError' ? 'denied' : null);
    }
  }

  /** Opens the microphone (asking the browser's permission the first time). */
  async startMic(): Promise<void> {
    if (!this.#device || this.phase !== 'joined') return;
    try {
      if (this.#producer && !this.#producer.closed) {
        const ack = await emitAck(this.socket, 'audio:setMuted', { muted: false });
        if (ack.ok) {
          this.#producer.resume();
          this.micOn = true;
        }
        return;
      }
      this.#track ??= (
        await navigator.mediaDevices.getUserMedia({
          audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
        })
      ).getAudioTracks()[0]!;
      this.#send ??= await this.#transport('send');
      this.#producer = await this.#send.produce({
        track: this.#track,
        codecOptions: { opusDtx: true, opusFec: true, opusStereo: false },
        stopTracks: false,
      });
      this.micOn = true;
      this.listenOnly = false;
      if (this.micProblem) void emitAck(this.socket, 'audio:micStatus', { status: 'ok' });
      this.micProblem = null;
    } catch (err) {
      this.micOn = false;
      // Said plainly on the page and to the facilitator, who can offer the hall microphone.
      this.micProblem = micProblemOf(err);
      void emitAck(this.socket, 'audio:micStatus', { status: this.micProblem });
    }
  }

  async setMic(on: boolean): Promise<void> {
    if (on) return this.startMic();
    this.#producer?.pause();
    this.micOn = false;
    await emitAck(this.socket, 'audio:setMuted', { muted: true });
  }

  leave(): void {
    void emitAck(this.socket, 'audio:leave', {});
    this.#teardown();
    this.phase = 'idle';
  }

  dispose(): void {
    this.leave();
    for (const off of this.#off) off();
    this.#track?.stop();
    this.#track = null;
  }

  async #transport(direction: 'send' | 'recv'): Promise<types.Transport> {
    const info = await emitAck(this.socket, 'audio:createTransport', { direction });
    if (!info.ok) throw new Error(info.code);
    const options = info.data as unknown as types.TransportOptions;
    const transport =
      direction === 'send'
        ? this.#device!.createSendTransport(options)
        : this.#device!.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, done, fail) => {
      void emitAck(this.socket, 'audio:connectTransport', {
        transportId: transport.id,
        dtlsParameters: dtlsParameters as never,
      }).then((ack) => (ack.ok ? done() : fail(new Error(ack.code))));
    });
    transport.on('produce', ({ rtpParameters }, done, fail) => {
      void emitAck(this.socket, 'audio:produce', {
        transportId: transport.id,
        kind: 'audio',
        rtpParameters: rtpParameters as never,
      }).then((ack) => (ack.ok ? done({ id: ack.data.producerId }) : fail(new Error(ack.code))));
    });
    return transport;
  }

  #syncing: Promise<void> = Promise.resolve();

  /** One sync at a time: two overlapping ones would consume the same source twice. */
  #syncConsumers(): Promise<void> {
    this.#syncing = this.#syncing.then(() => this.#sync()).catch(() => {});
    return this.#syncing;
  }

  /** Consume new sources, drop gone ones; each track plays through its own <audio>. */
  async #sync(): Promise<void> {
    if (!this.#recv || !this.#device) return;
    const wanted = this.sources.map((s) => s.producerId);
    for (const [producerId, { consumer, audio }] of Object.entries(this.#consumers)) {
      if (wanted.includes(producerId)) continue;
      consumer.close();
      audio.remove();
      delete this.#consumers[producerId];
    }
    for (const source of this.sources) {
      if (this.#consumers[source.producerId]) continue;
      const ack = await emitAck(this.socket, 'audio:consume', {
        transportId: this.#recv.id,
        producerId: source.producerId,
        rtpCapabilities: this.#device.rtpCapabilities as never,
      });
      if (!ack.ok || this.#consumers[source.producerId]) continue;
      const consumer = await this.#recv.consume({
        id: ack.data.id,
        producerId: ack.data.producerId,
        kind: 'audio',
        rtpParameters: ack.data.rtpParameters as unknown as types.RtpParameters,
      });
      // Without a playing element the browser receives bytes but decodes nothing.
      const audio = document.createElement('audio');
      audio.srcObject = new MediaStream([consumer.track]);
      audio.autoplay = true;
      audio.dataset.owner = source.owner;
      document.body.append(audio);
      void audio.play().catch(() => {});
      this.#consumers[source.producerId] = { consumer, audio };
      await emitAck(this.socket, 'audio:resume', { consumerId: consumer.id });
    }
  }

  #teardown(): void {
    for (const { consumer, audio } of Object.values(this.#consumers)) {
      consumer.close();
      audio.remove();
    }
    this.#consumers = {};
    this.#send?.close();
    this.#recv?.close();
    this.#send = this.#recv = this.#producer = null;
    this.sources = [];
    this.micOn = false;
  }

  #fail(code: ErrorCode | 'TIMEOUT' | 'NETWORK' | 'denied' | null): void {
    this.phase = 'failed';
    this.failure =
      code === 'denied' ? 'denied' : code === 'AUDIO_UNAVAILABLE' ? 'unavailable' : 'failed';
    this.#teardown();
  }
}
