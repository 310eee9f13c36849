import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { YDOC_KEYS } from '../../shared/collab';
import { adminClient, createLiveMeeting, join, type ApiClient } from './helpers/api';
import {
  connectDoc,
  connectSocket,
  emitAck,
  minutesText,
  paragraph,
  serverDocVia,
  until,
} from './helpers/realtime';
import { startTestServer, type TestServer } from './helpers/server';
import { waitForRoom } from './helpers/room-mirror';

let server: TestServer;
let admin: ApiClient;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  server = await startTestServer();
  admin = await adminClient(server.url);
});
afterAll(async () => {
  for (const cleanup of cleanups) cleanup();
  await server.dispose();
});

const open = (...args: Parameters<typeof connectDoc>) => {
  const client = connectDoc(...args);
  cleanups.push(() => client.destroy());
  return client;
};

describe('co-editing the minutes', () => {
  it('two recorders typing at once converge to the same minutes', async () => {
    const { meeting } = await createLiveMeeting(admin);
    const recorder = await join(server.url, meeting.code, '记录员小周');
    await admin.ok('PATCH', `/meetings/${meeting.code}/participants/${recorder.participant.id}`, {
      role: 'recorder',
    });
    const a = open(server.url, meeting.code, { cookie: admin.cookie });
    const b = open(server.url, meeting.code, { token: recorder.token });
    await Promise.all([a.synced, b.synced]);

    const fa = a.doc.getXmlFragment(YDOC_KEYS.minutes);
    const fb = b.doc.getXmlFragment(YDOC_KEYS.minutes);
    fa.insert(0, [paragraph('')]);
    await until(() => fb.length === 1, 5_000, 'first paragraph');
    const ta = (fa.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const tb = (fb.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    // Interleaved keystrokes from both sides, without waiting for each other.
    for (let i = 0; i < 40; i += 1) {
      ta.insert(ta.length, 'a');
      tb.insert(0, 'b');
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await until(
      () => minutesText(a.doc) === minutesText(b.doc) && ta.length === 80,
      5_000,
      'convergence',
    );
    expect(minutesText(a.doc)).toMatch(/^[ab]{80}$/);
    expect(minutesText(a.doc).replace(/b/g, '')).toHaveLength(40);
  });

  it('keeps a resident read-only, and lets them write once made recorder', async () => {
    const { meeting } = await createLiveMeeting(admin);
    const resident = await join(server.url, meeting.code, '李大爷');
    const staff = open(server.url, meeting.code, { cookie: admin.cookie });
    const phone = open(server.url, meeting.code, { token: resident.token });
    await Promise.all([staff.synced, phone.synced]);

    staff.doc.getXmlFragment(YDOC_KEYS.minutes).insert(0, [paragraph('主持人发言')]);
    await until(() => minutesText(phone.doc) === '主持人发言', 5_000, 'resident reads');
    phone.doc.getXmlFragment(YDOC_KEYS.minutes).insert(1, [paragraph('未经授权的修改')]);
    // The barrier: the server answers a later request on the resident's own connection, after
    // handling the refused edit; its doc lacks the edit, and so does every peer's.
    expect(minutesText(await serverDocVia(phone.provider))).toBe('主持人发言');
    const witness = open(server.url, meeting.code, { cookie: admin.cookie });
    await witness.synced;
    expect(minutesText(witness.doc)).toBe('主持人发言');
    expect(minutesText(staff.doc)).toBe('主持人发言');

    // Promoted, the same token now writes. (A refused edit stays only in the refused client's
    // own doc, which the real client never makes: its editor is read-only until promoted.)
    await admin.ok('PATCH', `/meetings/${meeting.code}/participants/${resident.participant.id}`, {
      role: 'recorder',
    });
    const promoted = open(server.url, meeting.code, { token: resident.token });
    await promoted.synced;
    promoted.doc.getXmlFragment(YDOC_KEYS.minutes).insert(0, [paragraph('记录员补充')]);
    await until(
      () => minutesText(staff.doc) === '记录员补充\n主持人发言',
      5_000,
      'recorder writes',
    );
  });

  it('refuses collab connections with a final close code, never a retry loop', async () => {
    const { meeting } = await createLiveMeeting(admin);
    const closeCode = (path: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${server.url.replace('http', 'ws')}${path}`);
        ws.on('close', (code) => resolve(code));
      });
    expect(await closeCode(`/collab/${meeting.code}`)).toBe(4401);
    expect(await closeCode(`/collab/${meeting.code}?token=p1.forged.id.sig`)).toBe(4401);
    expect(await closeCode('/collab/000000')).toBe(4404);
    expect(await closeCode('/collab/not-a-code')).toBe(4400);
  });

  it('an agenda edited in the doc reaches every screen through the room state', async () => {
    const { meeting } = await createLiveMeeting(admin, ['开场']);
    const screen = await connectSocket(server.url, { meetingCode: meeting.code, as: 'screen' });
    cleanups.push(() => screen.close());
    const editor = open(server.url, meeting.code, { cookie: admin.cookie });
    await editor.synced;
    const seen = waitForRoom(screen, (s) => s.agenda.some((i) => i.title === '村道修缮'));
    const item = new Y.Map<unknown>();
    item.set('id', 'agenda-item-road');
    item.set('title', '村道修缮');
    item.set('durationMin', 25);
    item.set('notes', '');
    editor.doc.getArray(YDOC_KEYS.agenda).push([item]);
    const state = await seen;
    expect(state.agenda.map((i) => i.title)).toEqual(['开场', '村道修缮']);
    const facilitator = await connectSocket(
      server.url,
      { meetingCode: meeting.code, as: 'staff' },
      admin.cookie,
    );
    cleanups.push(() => facilitator.close());
    expect(
      await emitAck(facilitator, 'meeting:setCurrentItem', { itemId: 'agenda-item-road' }),
    ).toMatchObject({
      ok: true,
      data: { currentItemId: 'agenda-item-road' },
    });
  });
});
