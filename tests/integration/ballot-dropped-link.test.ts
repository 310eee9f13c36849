/**
 * Issue 12: the phone's ballot outbox (BallotStore) and its socket's outbox (LiteSocket) work
 * together. A ballot reaches the server, the link drops before its ack comes back: the phone
 * resends it (same ballotId) as soon as the socket is back, not when an ack timeout runs out,
 * and the server counts it once. Real server, real LiteSocket, real TCP through a relay that
 * the test cuts like a phone walking out of Wi-Fi range.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LiteSocket } from '../../client/src/lib/realtime/lite-socket';
import { BallotStore } from '../../client/src/lib/state/ballot.svelte';
import { PROTOCOL_VERSION, type ServerToClientEvents, type Vote } from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import { useServer } from './helpers/fixture';
import { until } from './helpers/realtime';

const fx = useServer();

/** A TCP relay that can swallow what the server sends, then cut every connection. */
async function relay(target: string) {
  const { port } = new URL(target);
  const open = new Set<Socket>();
  let swallowing = false;
  let down = false;
  const server = createServer((phone) => {
    if (down) return void phone.destroy();
    const upstream = connect(Number(port), '127.0.0.1');
    open.add(phone).add(upstream);
    const drop = () => {
      phone.destroy();
      upstream.destroy();
      open.delete(phone);
      open.delete(upstream);
    };
    phone.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    phone.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (!swallowing) phone.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/socket.io/?EIO=4&transport=websocket`,
    /** What the server sends from now on is lost (the ack, on its way back). */
    swallow() {
      swallowing = true;
    },
    /** The link drops: every connection closes, new ones are refused until restore(). */
    cut() {
      down = true;
      for (const socket of open) socket.destroy();
    },
    restore() {
      down = false;
      swallowing = false;
    },
    close() {
      this.cut();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let closeRelay = () => Promise.resolve();
afterAll(() => closeRelay());

/**
 * Casts a ballot whose answer never reaches the phone, drops the link (once the server stored
 * the ballot, or at once, while it may still be on its way), restores it a second later, and
 * returns how long after the reconnect the phone had its receipt.
 */
async function dropAfterSend(waitUntilStored: boolean): Promise<number> {
  const { meeting } = await createLiveMeeting(fx.admin);
  const villager = await join(fx.server.url, meeting.code, '钱大叔');
  const vote = await fx.admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes`, {
    proposal: '同意修缮村道',
  });
  const link = await relay(fx.server.url);
  closeRelay = () => link.close();
  const socket = new LiteSocket<ServerToClientEvents>({
    url: link.url,
    auth: {
      protocolVersion: PROTOCOL_VERSION,
      meetingCode: meeting.code,
      as: 'participant',
      token: villager.token,
    },
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    // Back within ~0.2 s of the link: the test measures the ballot, not the backoff.
    reconnectDelayMs: 200,
    reconnectDelayMaxMs: 200,
  });
  const connects: number[] = [];
  socket.on('connect', () => connects.push(Date.now()));
  const ballotRows = () => {
    const db = fx.inspectDb();
    try {
      const row = db.prepare('SELECT count(*) AS n FROM ballots WHERE vote_id = ?').get(vote.id);
      return (row as { n: number }).n;
    } finally {
      db.close();
    }
  };
  try {
    await until(() => socket.connected);
    const ballot = new BallotStore(socket);
    await ballot.follow(vote.id);

    // The ballot goes out; its ack never reaches the phone.
    link.swallow();
    void ballot.cast('agree');
    if (waitUntilStored) await until(() => ballotRows() === 1, 5_000, 'the stored ballot');
    link.cut();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(ballot.receipt).toBeNull();
    expect(ballot.pending).toBe('agree');
    link.restore();

    await until(() => connects.length === 2, 5_000, 'the reconnect');
    await until(() => ballot.receipt !== null, 11_000, 'the receipt');
    const afterReconnectMs = Date.now() - connects[1]!;
    console.info(`ballot acknowledged ${afterReconnectMs} ms after the reconnect`);
    expect(ballot.choice).toBe('agree');
    expect(ballot.pending).toBeNull();
    expect(connects).toHaveLength(2);
    const votes = await fx.admin.ok<Vote[]>('GET', `/meetings/${meeting.code}/votes`);
    expect(votes.find((v) => v.id === vote.id)!.tally.cast).toBe(1);
    expect(ballotRows()).toBe(1);
    return afterReconnectMs;
  } finally {
    socket.disconnect();
  }
}

describe('a ballot whose link dropped before its ack', () => {
  it('is resent and acknowledged as soon as the socket is back, and counted once', async () => {
    expect(await dropAfterSend(true)).toBeLessThan(1_500);
  }, 30_000);

  it('cut while it may still be on its way: acknowledged on reconnect, counted once', async () => {
    expect(await dropAfterSend(false)).toBeLessThan(1_500);
  }, 30_000);
});
