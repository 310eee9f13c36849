/**
 * The browser's Socket.IO client (client/src/lib/realtime/lite-socket.ts) against the real
 * server, over real TCP through a proxy the test can cut: handshake, acks, broadcasts,
 * refusals, and what happens to commands while the network is gone.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LiteSocket, type ConnectError } from '../../client/src/lib/realtime/lite-socket';
import { emitAck as liteAck, handshakeErrorCode } from '../../client/src/lib/socket';
import {
  PROTOCOL_VERSION,
  type RoomState,
  type ServerToClientEvents,
  type Vote,
} from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import { useServer } from './helpers/fixture';
import { emitAck, until } from './helpers/realtime';

const fixture = useServer();

/** A TCP relay to the server that the test can cut (like walking out of Wi-Fi range). */
async function relay(target: string) {
  const { port } = new URL(target);
  const open = new Set<Socket>();
  let connections = 0;
  let down = false;
  const server: Server = createServer((client) => {
    connections += 1;
    if (down) return void client.destroy();
    const upstream = connect(Number(port), '127.0.0.1');
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/socket.io/?EIO=4&transport=websocket`,
    get connections() {
      return connections;
    },
    cut(): void {
      down = true;
      for (const socket of open) socket.destroy();
    },
    restore(): void {
      down = false;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function lite(url: string, meetingCode: string, token: string) {
  return new LiteSocket<ServerToClientEvents>({
    url,
    auth: { protocolVersion: PROTOCOL_VERSION, meetingCode, as: 'participant', token },
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    reconnectDelayMs: 50,
    reconnectDelayMaxMs: 200,
  });
}

async function meetingWithVote() {
  const { meeting, itemIds } = await createLiveMeeting(fixture.admin);
  const staff = await fixture.staffSocket(meeting.code);
  const opened = await emitAck(staff, 'vote:open', {
    proposal: '同意方案',
    rule: 'simple_majority',
  });
  if (!opened.ok) throw new Error(opened.message);
  const villager = await join(fixture.server.url, meeting.code, '赵大姐');
  return { meeting, itemIds, staff, vote: opened.data as Vote, villager };
}

describe('the browser socket against the real server', () => {
  it('connects, gets acks for its commands and follows broadcasts', async () => {
    const { meeting, itemIds, staff, vote, villager } = await meetingWithVote();
    const net = await relay(fixture.server.url);
    const phone = lite(net.url, meeting.code, villager.token);
    const states: RoomState[] = [];
    phone.on('room:state', (state) => states.push(state));
    phone.on('room:patch', (patch) => states.push({ ...states.at(-1)!, ...patch }));
    try {
      await until(() => phone.connected && states.length > 0, 5_000, 'connect + first state');
      expect(states[0]!.vote?.id).toBe(vote.id);

      const receipt = await liteAck(phone, 'vote:cast', {
        voteId: vote.id,
        choice: 'agree',
        ballotId: 'lite-ballot-1',
      });
      expect(receipt).toMatchObject({ ok: true, data: { choice: 'agree' } });
      const invalid = await liteAck(phone, 'vote:cast', {
        voteId: vote.id,
        choice: 'maybe',
      } as never);
      expect(invalid).toMatchObject({ ok: false, code: 'VALIDATION' });

      await emitAck(staff, 'meeting:setCurrentItem', { itemId: itemIds[1]! });
      await until(() => states.at(-1)?.currentItemId === itemIds[1], 5_000, 'broadcast');
    } finally {
      phone.disconnect();
      await net.close();
    }
  });

  it('stops at a refused handshake with the server’s code, without retrying', async () => {
    const { meeting } = await createLiveMeeting(fixture.admin);
    const net = await relay(fixture.server.url);
    const phone = lite(net.url, meeting.code, 'not-a-token');
    const errors: ConnectError[] = [];
    phone.on('connect_error', (err) => errors.push(err));
    try {
      await until(() => errors.length > 0, 5_000, 'refusal');
      expect(handshakeErrorCode(errors[0]!)).toBe('INVALID_TOKEN');
      expect(phone.active).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(net.connections).toBe(1);
      expect(phone.connected).toBe(false);
    } finally {
      phone.disconnect();
      await net.close();
    }
  });

  it('comes back after the network drops; a command that timed out offline is never sent', async () => {
    const { meeting, vote, villager } = await meetingWithVote();
    const net = await relay(fixture.server.url);
    const phone = lite(net.url, meeting.code, villager.token);
    const seen: string[] = [];
    const states: RoomState[] = [];
    phone.on('room:state', (state) => states.push(state));
    phone.on('room:patch', (patch) => states.push({ ...states.at(-1)!, ...patch }));
    phone.on('connect', () => seen.push('connect'));
    phone.on('disconnect', (reason) => seen.push(`disconnect:${reason}`));
    try {
      await until(() => phone.connected, 5_000, 'first connect');
      net.cut();
      await until(() => !phone.connected, 5_000, 'noticed the drop');
      expect(phone.active).toBe(true);

      // Told "timed out" while offline: this raised hand must not reach the server later.
      const late = await liteAck(phone, 'speakers:raise', { raised: true }, 300);
      expect(late).toMatchObject({ ok: false, code: 'TIMEOUT' });
      // Written offline with time to spare: sent as soon as the socket is back.
      const queued = liteAck(phone, 'vote:cast', {
        voteId: vote.id,
        choice: 'agree',
        ballotId: 'offline-queued',
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      net.restore();
      expect(await queued).toMatchObject({ ok: true, data: { choice: 'agree' } });
      expect(seen).toEqual(['connect', 'disconnect:transport close', 'connect']);

      // The barrier: a later command on the same socket is answered, so the server has handled
      // everything sent before it (a resent hand would have gone out ahead of the ballot).
      const mine = await liteAck(phone, 'vote:mine', { voteId: vote.id });
      expect(mine).toMatchObject({ ok: true, data: { choice: 'agree' } });
      const held = await fixture.admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
      expect(held.speakers.queue).toEqual([]);
      expect(states.at(-1)?.speakers.queue).toEqual([]);
    } finally {
      phone.disconnect();
      await net.close();
    }
  });

  it('a command whose answer was on the dropped link fails at once, not at its timeout', async () => {
    const { meeting, vote, villager } = await meetingWithVote();
    const net = await relay(fixture.server.url);
    const phone = lite(net.url, meeting.code, villager.token);
    try {
      await until(() => phone.connected, 5_000, 'first connect');
      const started = Date.now();
      const inFlight = liteAck(phone, 'vote:mine', { voteId: vote.id }, 10_000);
      net.cut();
      // The ballot store resends on the next connect; waiting out 10 s first kept a phone that
      // walked back into range showing "pending" for seconds (tests/e2e/lost-ack.e2e.ts).
      expect(await inFlight).toMatchObject({ ok: false, code: 'TIMEOUT' });
      expect(Date.now() - started).toBeLessThan(3_000);
      net.restore();
      await until(() => phone.connected, 5_000, 'back');
      const again = await liteAck(phone, 'vote:mine', { voteId: vote.id });
      expect(again).toMatchObject({ ok: true });
    } finally {
      phone.disconnect();
      await net.close();
    }
  });

  it('disconnect() says goodbye to the server and stays down', async () => {
    const { meeting, staff, villager } = await meetingWithVote();
    let online: boolean | undefined;
    staff.on('participants:patch', ({ upsert }) => {
      online = upsert.find((p) => p.id === villager.participant.id)?.online ?? online;
    });
    const net = await relay(fixture.server.url);
    const phone = lite(net.url, meeting.code, villager.token);
    try {
      await until(() => phone.connected && online === true, 5_000, 'online on the console');
      phone.disconnect();
      expect(phone.active).toBe(false);
      await until(() => online === false, 5_000, 'the server saw the goodbye');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(net.connections).toBe(1);
    } finally {
      await net.close();
    }
  });
});
