import { cpus, networkInterfaces } from 'node:os';
import type { types } from 'mediasoup';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { Emitter } from '../util/emitter';
import { audioUnavailableHint } from './hint';
import { loadAudio, wantedMediasoupVersion } from './worker-bin';

type Worker = types.Worker;
type PoolEvents = { died: [worker: Worker]; availability: [available: boolean] };

/**
 * mediasoup workers, one per core by default, handed out round-robin. A dead worker is
 * replaced (its meetings move to whichever worker `next()` gives them); when no worker runs at
 * all, `available` is false and the meeting goes on without audio.
 */
export class WorkerPool extends Emitter<PoolEvents> {
  private workers: Worker[] = [];
  /** One WebRtcServer per worker when a fixed port is configured. */
  readonly webRtcServers = new Map<Worker, types.WebRtcServer>();
  private cursor = 0;
  private closed = false;
  private mediasoup: typeof import('mediasoup') | null = null;

  constructor(
    private readonly config: Config,
    private readonly log: Logger,
  ) {
    super();
  }

  get available(): boolean {
    return this.workers.length > 0;
  }

  get size(): number {
    return this.workers.length;
  }

  pids(): number[] {
    return this.workers.map((w) => w.pid);
  }

  async start(): Promise<void> {
    if (!this.config.AUDIO_ENABLED) {
      this.log.info('audio disabled (AUDIO_ENABLED=false)');
      return;
    }
    const load = await loadAudio();
    const version = wantedMediasoupVersion();
    if (!load.ok) {
      // One line, at warn: audio is off, and how to get it.
      const hint = audioUnavailableHint(load.problem, version, load.workerBin);
      this.log.warn(
        { audio: load.problem, ...(load.problem === 'load-failed' && { err: load.err }) },
        hint,
      );
      return;
    }
    this.mediasoup = load.mediasoup;
    const count = this.config.AUDIO_WORKERS || cpus().length;
    // A binary that cannot start fails the same way on every core: stop at the first failure.
    for (let i = 0; i < count; i += 1) if (!(await this.spawn(i)) && !this.available) break;
    if (this.available) this.log.info({ workers: this.pids() }, 'audio workers running');
    else {
      const hint = audioUnavailableHint('worker-failed', version, load.workerBin);
      this.log.warn({ audio: 'worker-failed' }, hint);
    }
  }

  private async spawn(slot: number): Promise<Worker | null> {
    if (!this.mediasoup || this.closed) return null;
    const { config } = this;
    let worker: Worker | null = null;
    try {
      worker = await this.mediasoup.createWorker({
        logLevel: 'warn',
        rtcMinPort: config.AUDIO_RTC_MIN_PORT,
        rtcMaxPort: config.AUDIO_RTC_MAX_PORT,
      });
      if (config.AUDIO_WEBRTC_SERVER_PORT !== undefined) {
        const port = config.AUDIO_WEBRTC_SERVER_PORT + slot;
        const info = { ...listenInfo(config), port };
        const server = await worker.createWebRtcServer({
          listenInfos: [
            { protocol: 'udp', ...info },
            { protocol: 'tcp', ...info },
          ],
        });
        this.webRtcServers.set(worker, server);
      }
      const started = worker;
      started.appData.slot = slot;
      started.on('died', (error) => this.onDied(started, error));
      this.workers.push(started);
      return started;
    } catch (err) {
      // E.g. the single WebRTC port is taken: better no audio than a half-configured worker.
      worker?.close();
      this.log.error({ err }, 'mediasoup worker failed to start');
      return null;
    }
  }

  private onDied(worker: Worker, error: Error): void {
    this.workers = this.workers.filter((w) => w !== worker);
    this.webRtcServers.delete(worker);
    this.log.error({ pid: worker.pid, err: error }, 'mediasoup worker died; starting a new one');
    this.emit('died', worker);
    void this.spawn(Number(worker.appData.slot ?? 0)).then((fresh) => {
      if (!fresh && !this.available) this.emit('availability', false);
      else if (fresh) this.log.info({ pid: fresh.pid }, 'replacement worker running');
    });
  }

  /** Round-robin, like mediasoup-demo: meetings spread evenly over the cores. */
  async next(): Promise<Worker | null> {
    if (!this.available) {
      // A worker may be restarting after a crash: give it a moment before giving up.
      for (let i = 0; i < 50 && !this.available && !this.closed && this.mediasoup; i += 1) {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    if (!this.available) return null;
    const worker = this.workers[this.cursor % this.workers.length]!;
    this.cursor += 1;
    return worker;
  }

  close(): void {
    this.closed = true;
    for (const worker of this.workers) worker.close();
    this.workers = [];
  }
}

/**
 * Where to listen and what to announce. Listening on 0.0.0.0 needs a real address to
 * announce (the first LAN address by default); with none, stay on loopback, because
 * listening on a wildcard while announcing 127.0.0.1 never completes DTLS.
 */
export function listenInfo(config: Config): { ip: string; announcedAddress?: string } {
  if (config.AUDIO_ANNOUNCED_ADDRESS) {
    return { ip: config.AUDIO_LISTEN_IP, announcedAddress: config.AUDIO_ANNOUNCED_ADDRESS };
  }
  if (config.AUDIO_LISTEN_IP !== '0.0.0.0') return { ip: config.AUDIO_LISTEN_IP };
  const lan = firstLanAddress();
  return lan ? { ip: '0.0.0.0', announcedAddress: lan } : { ip: '127.0.0.1' };
}

function firstLanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}
