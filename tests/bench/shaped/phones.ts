import dgram from 'node:dgram';
import { request } from 'node:https';
import { WebSocket } from 'ws';
import { LiteSocket } from '../../../client/src/lib/realtime/lite-socket';
import { BallotStore } from '../../../client/src/lib/state/ballot.svelte';
import type { MeetingSocket } from '../../../client/src/lib/socket';
import { PROTOCOL_VERSION, type ServerToClientEvents } from '../../../shared/protocol';
import { now, pool, sleep } from '../lib/workers';

/**
 * The phones of a courtyard, run inside the phones' network namespace (behind the wire) by
 * `ip netns exec`: each phone has its own source address, joins over REST on HTTPS (as
 * phones on the LAN do: the server's local CA comes in NODE_EXTRA_CA_CERTS), holds the phone's
 * own socket (LiteSocket) and the phone's own ballot logic (BallotStore, compiled by Svelte —
 * resend of the pending ballot with the same ballotId on a timeout or a reconnect). Driven by
 * the bench over IPC: { id, cmd, args } → { id, result | error }.
 */
export interface PhoneSample {
  /** ms from the tap to the server's receipt, or null if none came. */
  ackMs: number | null;
  /** ms from the vote's opening (the facilitator's request) to this phone's vote:update. */
  seenMs: number | null;
  /** vote:cast requests written (1 = no resend). */
  sends: number;
  /** Socket.IO (re)connects during the vote. */
  reconnects: number;
  /** This phone's first ack was swallowed with its connection (every tenth phone). */
  lostAck: boolean;
  error: string | null;
}

/** The phone's REST join, from its own address, with the headers its browser would send. */
function joinFrom(url: string, address: string, code: string, name: string) {
  return new Promise<string>((resolve, reject) => {
    const body = JSON.stringify({ name, attendance: 'room' });
    const req = request(
      `${url}/api/meetings/${code}/join`,
      {
        method: 'POST',
        localAddress: address,
        headers: { 'content-type': 'application/json', origin: url },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          const ack = JSON.parse(text) as { ok: boolean; data?: { token: string } };
          if (ack.ok && ack.data) resolve(ack.data.token);
          else reject(new Error(`join ${name}: ${text}`));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

interface Phone {
  socket: MeetingSocket;
  /** The WebSocket of the current connection, to cut it as a phone's radio would. */
  ws: WebSocket | null;
  connects: number;
  sends: number;
  /** When each vote's opening reached this phone (wall clock, as the bench's). */
  voteSeenAt: Map<string, number>;
  /** Swallow the next ack frame and cut the connection: the server has the ballot, we don't know. */
  loseAck: boolean;
}
const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage')!;
const phones: Phone[] = [];

function connect(url: string, address: string, code: string, token: string): Phone {
  const phone = {
    ws: null,
    connects: 0,
    sends: 0,
    loseAck: false,
    voteSeenAt: new Map(),
  } as unknown as Phone;
  class PhoneWebSocket extends WebSocket {
    constructor(href: string | URL) {
      super(href, { localAddress: address, headers: { origin: url } });
      phone.ws = this;
      Object.defineProperty(this, 'onmessage', {
        get: () => onmessage.get!.call(this) as unknown,
        set: (listener: ((e: { data: unknown }) => void) | null) =>
          onmessage.set!.call(this, (e: { data: unknown }) => {
            if (phone.loseAck && typeof e.data === 'string' && e.data.startsWith('43')) {
              phone.loseAck = false;
              this.terminate();
              return;
            }
            listener?.(e);
          }),
      });
    }
  }
  const socket = new LiteSocket<ServerToClientEvents>({
    url: `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`,
    auth: { protocolVersion: PROTOCOL_VERSION, meetingCode: code, as: 'participant', token },
    WebSocket: PhoneWebSocket as unknown as typeof globalThis.WebSocket,
  });
  phone.socket = socket;
  socket.on('connect', () => (phone.connects += 1));
  socket.on('vote:update', (vote) => {
    if (vote.status === 'open' && !phone.voteSeenAt.has(vote.id))
      phone.voteSeenAt.set(vote.id, now());
  });
  const send = socket.request.bind(socket);
  socket.request = (event, payload, timeoutMs) => {
    if (event === 'vote:cast') phone.sends += 1;
    return send(event, payload, timeoutMs);
  };
  return phone;
}

const commands: Record<string, (args: never) => Promise<unknown>> = {
  /** Round trips and throughput of the wire, against the bench's UDP echo on the server side. */
  async probe({ host, port, from }: { host: string; port: number; from: string }) {
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((r) => udp.bind(0, from, r));
    const sentAt = new Map<number, number>();
    const rtts: number[] = [];
    let down = { bytes: 0, first: 0, last: 0 };
    udp.on('message', (msg) => {
      if (msg[0] === 0x70) rtts.push(now() - sentAt.get(msg.readUInt32BE(1))!);
      else if (msg[0] === 0x64) {
        down = { bytes: down.bytes + msg.length + 28, first: down.first || now(), last: now() };
      }
    });
    const PINGS = 300;
    for (let i = 0; i < PINGS; i += 1) {
      const ping = Buffer.alloc(64);
      ping[0] = 0x70;
      ping.writeUInt32BE(i, 1);
      sentAt.set(i, now());
      udp.send(ping, port, host);
      await sleep(10);
    }
    await sleep(1_000);
    // Downstream: the echo sends 300 KB as fast as it can; what arrives comes at the link's rate.
    udp.send(Buffer.from('b'), port, host);
    await sleep(3_000);
    udp.close();
    const rate = down.last > down.first ? (down.bytes * 8) / ((down.last - down.first) / 1000) : 0;
    return { rtts, pings: PINGS, downBitsPerSec: rate };
  },

  async join({ url, code, addresses }: { url: string; code: string; addresses: string[] }) {
    const tokens = await pool(addresses, 25, (address, i) =>
      joinFrom(url, address, code, `村民${i + 1}`),
    );
    const started = now();
    for (const [i, token] of tokens.entries())
      phones.push(connect(url, addresses[i]!, code, token));
    while (phones.some((p) => p.connects === 0)) {
      if (now() - started > 60_000) throw new Error('phones did not all connect in 60 s');
      await sleep(20);
    }
    return { connectMs: now() - started };
  },

  /**
   * Each phone waits for the vote's opening to reach it, follows it, and taps at its instant
   * within `spreadMs` of the opening (at once if it saw the vote later than that). Every tenth
   * phone loses its ballot's ack with its connection (a villager stepping out of the hotspot's
   * reach as the answer comes): the server has the ballot, the phone does not know, and it
   * resends the same ballot on reconnect, which must count once.
   */
  async vote(args: { voteId: string; openedAt: number; spreadMs: number; seed: number }) {
    const { voteId, openedAt, spreadMs, seed } = args;
    let state = seed >>> 0 || 1;
    const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const tapAfter = phones.map(() => random() * spreadMs);
    const samples = await Promise.all(
      phones.map(async (phone, i): Promise<PhoneSample> => {
        while (!phone.voteSeenAt.has(voteId) && now() - openedAt < 60_000) await sleep(5);
        const seenAt = phone.voteSeenAt.get(voteId);
        const store = new BallotStore(phone.socket);
        await store.follow(voteId);
        await sleep(openedAt + tapAfter[i]! - now());
        const connects = phone.connects;
        const tap = now();
        phone.loseAck = i % 10 === 0;
        void store.cast(i % 3 === 0 ? 'oppose' : 'agree');
        while (!store.receipt && !(store.error && !store.pending) && now() - tap < 60_000)
          await sleep(5);
        return {
          ackMs: store.receipt ? now() - tap : null,
          seenMs: seenAt === undefined ? null : seenAt - openedAt,
          sends: phone.sends,
          reconnects: phone.connects - connects,
          lostAck: i % 10 === 0,
          error: store.error,
        };
      }),
    );
    return { samples };
  },

  async close() {
    for (const phone of phones.splice(0)) phone.socket.disconnect();
    return true;
  },
};

process.on('message', (m: { id: number; cmd: string; args: never }) => {
  const run = commands[m.cmd];
  if (!run) return process.send!({ id: m.id, error: `unknown command ${m.cmd}` });
  run(m.args).then(
    (result) => process.send!({ id: m.id, result }),
    (err: unknown) => process.send!({ id: m.id, error: String(err) }),
  );
});
process.send!({ ready: true });
