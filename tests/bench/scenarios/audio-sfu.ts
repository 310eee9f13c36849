import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { types } from 'mediasoup';
import { MEDIA_CODECS } from '../../../server/audio/routers';
import { loadMediasoup } from '../../../server/audio/worker-bin';
import { defineScenario } from '../lib/scenario';
import { percentile } from '../lib/stats';

/**
 * Issue 3: how many Opus consumers one mediasoup worker sustains on this machine, its CPU per
 * consumer, and the latency the SFU adds. Speech-rate RTP (50 packets/s, ~24 kbit/s) is sent
 * from Node into PlainTransports; each packet carries its send time (hrtime) in the payload,
 * which the SFU forwards untouched. Listeners are PlainTransports that each consume every
 * producer (as a browser would), all sending to one counting UDP socket. Baseline: the same
 * packets sent straight to the receiver over loopback (no SFU). Loopback only, bounded in time.
 */
const PRODUCERS = 10;
const PACKET_MS = 20;
const PAYLOAD_BYTES = 60;
const L = { protocol: 'udp' as const, ip: '127.0.0.1' };

class Receiver {
  readonly socket: Socket = createSocket('udp4');
  received = 0;
  latencies: number[] | null = null;
  constructor() {
    this.socket.on('message', (msg) => {
      if (msg[1]! >= 192 && msg[1]! <= 223) return; // RTCP (sender reports) on the muxed port
      this.received += 1;
      if (this.latencies) {
        // The SFU may add header extensions: find the payload the RTP way.
        let offset = 12 + 4 * (msg[0]! & 0x0f);
        if (msg[0]! & 0x10) offset += 4 + 4 * msg.readUInt16BE(offset + 2);
        if (msg.length < offset + 9) return;
        const sent = msg.readBigUInt64BE(offset + 1);
        this.latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
      }
    });
  }
  async bind(): Promise<number> {
    await new Promise<void>((r) => this.socket.bind(0, '127.0.0.1', r));
    this.socket.setRecvBufferSize(16 * 1024 * 1024);
    return this.socket.address().port;
  }
}

/** Sends one Opus-sized RTP packet per producer every 20 ms to each target. */
class Sender {
  private readonly socket = createSocket('udp4');
  private timer: NodeJS.Timeout | null = null;
  sent = 0;
  private seq = 0;
  constructor(private readonly targets: { port: number; ssrc: number }[]) {}
  start(): void {
    this.timer = setInterval(() => {
      this.seq = (this.seq + 1) & 0xffff;
      for (const t of this.targets) {
        const packet = Buffer.alloc(12 + PAYLOAD_BYTES);
        packet[0] = 0x80;
        packet[1] = 101;
        packet.writeUInt16BE(this.seq, 2);
        packet.writeUInt32BE((this.seq * 960) >>> 0, 4);
        packet.writeUInt32BE(t.ssrc, 8);
        packet[12] = 0x78; // Opus TOC: SILK wideband 20 ms, a speech frame
        packet.writeBigUInt64BE(process.hrtime.bigint(), 13);
        this.socket.send(packet, t.port, '127.0.0.1');
        this.sent += 1;
      }
    }, PACKET_MS);
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.socket.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpuTicks = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in 1/100 s
};

interface Load {
  consumers: number;
  delivered: number;
  cpuPercent: number;
  latencies: number[];
}

async function sfuRun(
  worker: types.Worker,
  producers: number,
  listeners: number,
  seconds: number,
): Promise<Load> {
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  const receiver = new Receiver();
  const port = await receiver.bind();
  const targets: { port: number; ssrc: number }[] = [];
  const ids: string[] = [];
  for (let i = 0; i < producers; i += 1) {
    const ingest = await router.createPlainTransport({
      listenInfo: L,
      rtcpMux: true,
      comedia: true,
    });
    const ssrc = 1000 + i;
    const producer = await ingest.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 101 }],
        encodings: [{ ssrc }],
      },
    });
    targets.push({ port: ingest.tuple.localPort, ssrc });
    ids.push(producer.id);
  }
  for (let l = 0; l < listeners; l += 1) {
    const out = await router.createPlainTransport({ listenInfo: L, rtcpMux: true, comedia: false });
    await out.connect({ ip: '127.0.0.1', port });
    for (const producerId of ids) {
      await out.consume({ producerId, rtpCapabilities: router.rtpCapabilities });
    }
  }
  const sender = new Sender(targets);
  sender.start();
  await sleep(1000); // warm-up
  const [ticks0, t0] = [cpuTicks(worker.pid), Date.now()];
  receiver.latencies = [];
  await sleep(seconds * 1000);
  const [ticks1, t1] = [cpuTicks(worker.pid), Date.now()];
  const latencies = receiver.latencies;
  receiver.latencies = null;
  sender.stop();
  await sleep(300); // drain: count every packet the SFU forwarded, late or not
  const delivered = receiver.received / (sender.sent * listeners);
  receiver.socket.close();
  router.close();
  return {
    consumers: producers * listeners,
    delivered,
    cpuPercent: (ticks1 - ticks0) / ((t1 - t0) / 1000),
    latencies,
  };
}

/** The same packets straight to the receiver: what loopback and Node cost without the SFU. */
async function directRun(copies: number, seconds: number): Promise<number[]> {
  const receiver = new Receiver();
  const port = await receiver.bind();
  const sender = new Sender(Array.from({ length: copies }, (_, i) => ({ port, ssrc: 2000 + i })));
  sender.start();
  await sleep(500);
  receiver.latencies = [];
  await sleep(seconds * 1000);
  const latencies = receiver.latencies;
  sender.stop();
  receiver.socket.close();
  return latencies;
}

export default defineScenario({
  name: 'audio-sfu',
  description: `mediasoup worker: ${PRODUCERS} Opus producers × listeners, 50 pkt/s each, loopback`,
  async run({ rounds, quick, log }) {
    const mediasoup = await loadMediasoup();
    if (!mediasoup) throw new Error('no mediasoup worker binary (MEDIASOUP_WORKER_BIN)');
    const worker = await mediasoup.createWorker({ logLevel: 'error' });
    const seconds = quick ? 2 : 4;
    try {
      // Latency at a light load (1 producer → 10 listeners) against direct loopback.
      const p50: number[] = [];
      const p99: number[] = [];
      const base50: number[] = [];
      const base99: number[] = [];
      const added99: number[] = [];
      for (let r = 0; r < rounds; r += 1) {
        const direct = await directRun(10, seconds);
        const sfu = (await sfuRun(worker, 1, 10, seconds)).latencies;
        base50.push(percentile(direct, 50));
        base99.push(percentile(direct, 99));
        p50.push(percentile(sfu, 50));
        p99.push(percentile(sfu, 99));
        added99.push(percentile(sfu, 99) - percentile(direct, 99));
      }

      // Capacity: ramp listeners until delivery drops below 99 % or the worker saturates.
      const levels = quick ? [100, 500] : [250, 500, 1000, 1500];
      let sustained = 0;
      let cpuPerConsumer: number[] = [];
      let loadedP99: number[] = [];
      let loadedBase99: number[] = [];
      for (const consumers of levels) {
        const load = await sfuRun(worker, PRODUCERS, consumers / PRODUCERS, seconds);
        const ok = load.delivered >= 0.99 && load.cpuPercent < 95;
        log(
          `${consumers} consumers: delivered ${(load.delivered * 100).toFixed(2)} %, worker CPU ` +
            `${load.cpuPercent.toFixed(1)} % of a core, latency p50/p99 ` +
            `${percentile(load.latencies, 50).toFixed(2)}/${percentile(load.latencies, 99).toFixed(2)} ms`,
        );
        if (!ok) break;
        sustained = consumers;
        cpuPerConsumer = [load.cpuPercent / consumers];
        loadedP99 = [percentile(load.latencies, 99)];
        // Same packet rate into the same Node receiver without the SFU: the harness's own share.
        loadedBase99 = [percentile(await directRun(consumers, seconds), 99)];
      }
      return [
        {
          name: 'consumers sustained by one worker',
          unit: 'consumers',
          ours: [sustained],
          goal: '≥ 500',
        },
        { name: 'worker CPU per consumer (at that load)', unit: '% core', ours: cpuPerConsumer },
        { name: 'RTP in → out latency p50', unit: 'ms', ours: p50, baseline: base50 },
        { name: 'RTP in → out latency p99', unit: 'ms', ours: p99, baseline: base99 },
        { name: 'added by the SFU, p99', unit: 'ms', ours: added99, goal: '≤ 10 ms' },
        {
          name: 'latency p99 at the sustained load',
          unit: 'ms',
          ours: loadedP99,
          baseline: loadedBase99,
        },
      ];
    } finally {
      worker.close();
    }
  },
});
