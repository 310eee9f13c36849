/**
 * A graceful restart (SIGTERM, as a service manager or an update stops the server) in the
 * middle of a vote: every phone, the console and the hall screen (the browser's own Socket.IO
 * client) and a minutes editor (y-websocket, as the console opens it) come back by themselves
 * to the next server on the same address, and every ballot counts once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { LiteSocket } from '../../client/src/lib/realtime/lite-socket';
import { emitAck as liteAck } from '../../client/src/lib/socket';
import { isFinalCollabClose, YDOC_KEYS } from '../../shared/collab';
import {
  PROTOCOL_VERSION,
  type HandshakeAuth,
  type RoomState,
  type ServerToClientEvents,
  type Vote,
} from '../../shared/protocol';
import { adminClient, assignStaff, createLiveMeeting, join, staffUser } from './helpers/api';
import { minutesText, paragraph, until } from './helpers/realtime';
import { startChildServer, tempDataDir, type ChildServer } from './helpers/server';

/** RESTART_PHONES=500 measures a courtyard's worth (the figure in the report). */
const PHONES = Number(process.env.RESTART_PHONES ?? 30);
/** Backoff up to 5 s ±50 % (the browser's defaults) after a restart of a few seconds. */
const COME_BACK_MS = 20_000;
/** Many clients from one address (the test's) in a short time: not a flood here. */
const ENV = {
  RATE_LIMIT_FACTOR: '100',
  RATE_CONNECTIONS_PER_ADDRESS: '1000',
  RATE_HANDSHAKES_PER_ADDRESS_PER_MIN: '10000',
};

const dataDir = tempDataDir();
let running: ChildServer | null = null;
afterAll(async () => {
  await running?.crash();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The browser's socket with the browser's reconnection defaults; a cookie for staff. */
function browserSocket(url: string, auth: HandshakeAuth, cookie?: string) {
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL) {
      super(address, cookie ? { headers: { cookie } } : {});
    }
  }
  const socket = new LiteSocket<ServerToClientEvents>({
    url: `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`,
    auth,
    WebSocket: CookieWebSocket as unknown as typeof globalThis.WebSocket,
  });
  let connects = 0;
  socket.on('connect', () => (connects += 1));
  return {
    socket,
    get connects() {
      return connects;
    },
  };
}

/** The minutes editor as client/src/lib/collab.ts opens it (refusals final, the rest retried). */
function editor(url: string, code: string, cookie: string) {
  const doc = new Y.Doc();
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  }
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/collab`, code, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 5000,
    shouldReconnect: (event) => !isFinalCollabClose(event.code),
  });
  let syncs = 0;
  provider.on('sync', (synced: boolean) => (syncs += synced ? 1 : 0));
  return {
    doc,
    provider,
    get syncs() {
      return syncs;
    },
  };
}

describe('a graceful restart mid-vote', () => {
  it('brings every phone, console, hall screen and editor back by itself; ballots count once', async () => {
    running = await startChildServer(dataDir, ENV);
    const port = new URL(running.url).port;
    const admin = await adminClient(running.url);
    const { meeting } = await createLiveMeeting(admin);
    const villagers = [];
    for (let i = 0; i < PHONES; i += 1) {
      villagers.push(await join(running.url, meeting.code, `村民${i + 1}`));
    }

    const base = { protocolVersion: PROTOCOL_VERSION, meetingCode: meeting.code } as const;
    const url = running.url;
    const phones = villagers.map((v) =>
      browserSocket(url, { ...base, as: 'participant', token: v.token }),
    );
    const console_ = browserSocket(url, { ...base, as: 'staff' }, admin.cookie);
    const screen = browserSocket(url, { ...base, as: 'screen' });
    const screenStates: RoomState[] = [];
    screen.socket.on('room:state', (state) => screenStates.push(state));
    screen.socket.on('room:patch', (patch) =>
      screenStates.push({ ...screenStates.at(-1)!, ...patch }),
    );
    const minutes = editor(url, meeting.code, admin.cookie);
    const everyone = [...phones, console_, screen];
    try {
      await until(() => everyone.every((c) => c.connects === 1), 10_000, 'first connect');
      await until(() => minutes.syncs === 1, 10_000, 'editor synced');

      const opened = await liteAck(console_.socket, 'vote:open', {
        proposal: '同意方案',
        rule: 'simple_majority',
      });
      expect(opened.ok).toBe(true);
      const vote = (opened as { data: Vote }).data;
      // The first half votes before the restart.
      const half = Math.floor(PHONES / 2);
      for (let i = 0; i < half; i += 1) {
        const receipt = await liteAck(phones[i]!.socket, 'vote:cast', {
          voteId: vote.id,
          choice: 'agree',
          ballotId: `restart-ballot-${i}`,
        });
        expect(receipt.ok).toBe(true);
      }
      minutes.doc.getXmlFragment(YDOC_KEYS.minutes).push([paragraph('重启前的记录')]);
      await until(() => !minutes.provider.ws?.bufferedAmount, 5_000, 'edit sent');

      const seenBefore = screenStates.length;
      const stoppedAt = Date.now();
      expect(await running.stop()).toBe(0);
      running = await startChildServer(dataDir, { ...ENV, PORT: port });
      const restartedAt = Date.now();

      await until(
        () => everyone.every((c) => c.connects === 2 && c.socket.connected),
        COME_BACK_MS,
        'everyone back',
      );
      const backAt = Date.now();
      console.info(
        `graceful restart: server down ${restartedAt - stoppedAt} ms; ` +
          `${everyone.length} sockets back ${backAt - restartedAt} ms after it listened`,
      );
      expect(everyone.every((c) => c.socket.active)).toBe(true);
      await until(() => minutes.syncs >= 2, COME_BACK_MS, 'editor back');

      // Everyone can act: the first half sends its ballot again (a lost ack), the rest vote.
      for (let i = 0; i < PHONES; i += 1) {
        const receipt = await liteAck(phones[i]!.socket, 'vote:cast', {
          voteId: vote.id,
          choice: i < half ? 'agree' : 'oppose',
          ballotId: `restart-ballot-${i}`,
        });
        expect(receipt).toMatchObject({
          ok: true,
          data: { choice: i < half ? 'agree' : 'oppose' },
        });
      }
      minutes.doc.getXmlFragment(YDOC_KEYS.minutes).push([paragraph('重启后的记录')]);
      // The hall screen got the meeting again from the new server, vote still open.
      expect(screenStates.slice(seenBefore).at(-1)?.vote).toMatchObject({
        id: vote.id,
        status: 'open',
      });
      const closed = await liteAck(console_.socket, 'vote:close', { voteId: vote.id });
      expect(closed).toMatchObject({
        ok: true,
        data: { tally: { cast: PHONES, totals: { agree: half, oppose: PHONES - half } } },
      });
      const reader = editor(running.url, meeting.code, admin.cookie);
      await until(
        () => minutesText(reader.doc).includes('重启后的记录'),
        5_000,
        'edits after restart',
      );
      expect(minutesText(reader.doc)).toContain('重启前的记录');
      reader.provider.destroy();

      // A genuine goodbye stays final: a teller taken off the staff is disconnected for good.
      const teller = await staffUser(running.url, admin, 'teller-restart');
      await assignStaff(admin, meeting.code, teller);
      const removed = browserSocket(url, { ...base, as: 'staff' }, teller.cookie);
      everyone.push(removed);
      await until(() => removed.connects === 1, 5_000, 'teller connected');
      const staff = await admin.ok<{ userId: string; role: string }[]>(
        'GET',
        `/meetings/${meeting.code}/staff`,
      );
      await admin.ok('PUT', `/meetings/${meeting.code}/staff`, {
        assignments: staff
          .filter((s) => s.userId !== teller.userId)
          .map(({ userId, role }) => ({ userId, role })),
      });
      await until(() => !removed.socket.connected, 5_000, 'teller kicked');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(removed.socket.active).toBe(false);
      expect(removed.connects).toBe(1);
    } finally {
      for (const client of everyone) client.socket.disconnect();
      minutes.provider.destroy();
    }
  });
});
