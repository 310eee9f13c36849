import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import * as Y from 'yjs';
import { YDOC_KEYS } from '../../shared/collab';
import type { RoomState, Vote } from '../../shared/protocol';
import { adminClient, ApiClient, ADMIN, createLiveMeeting, join } from './helpers/api';
import { connectDoc, connectSocket, emitAck, until } from './helpers/realtime';
import { startChildServer, tempDataDir, type ChildServer } from './helpers/server';

const dataDir = tempDataDir();
let running: ChildServer | null = null;
afterAll(async () => {
  await running?.crash();
  rmSync(dataDir, { recursive: true, force: true });
});

const text = (doc: Y.Doc) =>
  doc
    .getXmlFragment(YDOC_KEYS.minutes)
    .toArray()
    .map((p) => ((p as Y.XmlElement).get(0) as Y.XmlText).toString())
    .join('\n');

describe('a server crash mid-meeting', () => {
  it('loses nothing that was acknowledged: minutes, agenda, ballots, current item', async () => {
    running = await startChildServer(dataDir);
    const admin = await adminClient(running.url);
    const { meeting, itemIds } = await createLiveMeeting(admin);
    const li = await join(running.url, meeting.code, '李大爷');

    // Two editors; an edit counts as acknowledged once the other editor has received it.
    const writer = connectDoc(running.url, meeting.code, { cookie: admin.cookie });
    const witness = connectDoc(running.url, meeting.code, { cookie: admin.cookie });
    await Promise.all([writer.synced, witness.synced]);
    const fragment = writer.doc.getXmlFragment(YDOC_KEYS.minutes);
    for (let i = 1; i <= 30; i += 1) {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(`第${i}条记录`)]);
      fragment.push([p]);
    }
    await until(
      () => witness.doc.getXmlFragment(YDOC_KEYS.minutes).length === 30,
      5_000,
      'witness',
    );

    const facilitator = await connectSocket(
      running.url,
      { meetingCode: meeting.code, as: 'staff' },
      admin.cookie,
    );
    await emitAck(facilitator, 'meeting:setCurrentItem', { itemId: itemIds[1]! });
    const opened = await emitAck(facilitator, 'vote:open', {
      proposal: '同意方案',
      rule: 'simple_majority',
    });
    const vote = (opened as { data: Vote }).data;
    const phone = await connectSocket(running.url, {
      meetingCode: meeting.code,
      as: 'participant',
      token: li.token,
    });
    const ballot = await emitAck(phone, 'vote:cast', {
      voteId: vote.id,
      choice: 'agree',
      ballotId: 'crash-ballot-1',
    });
    expect(ballot.ok).toBe(true);

    writer.destroy();
    witness.destroy();
    facilitator.close();
    phone.close();
    await running.crash();

    running = await startChildServer(dataDir);
    const again = new ApiClient(running.url);
    await again.ok('POST', '/auth/login', { username: ADMIN.username, password: ADMIN.password });
    const reader = connectDoc(running.url, meeting.code, { cookie: again.cookie });
    await reader.synced;
    await until(
      () => reader.doc.getXmlFragment(YDOC_KEYS.minutes).length === 30,
      5_000,
      'minutes after restart',
    );
    expect(text(reader.doc).split('\n')).toEqual(
      Array.from({ length: 30 }, (_, i) => `第${i + 1}条记录`),
    );
    reader.destroy();

    const state = await again.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
    expect(state.currentItemId).toBe(itemIds[1]);
    expect(state.agenda).toHaveLength(2);
    expect(state.vote).toMatchObject({ id: vote.id, status: 'open', tally: { cast: 1 } });
    // The voter's token still works after the restart; the ballot is still theirs.
    const phoneAgain = await connectSocket(running.url, {
      meetingCode: meeting.code,
      as: 'participant',
      token: li.token,
    });
    expect(await emitAck(phoneAgain, 'vote:mine', { voteId: vote.id })).toEqual({
      ok: true,
      data: { choice: 'agree' },
    });
    phoneAgain.close();
  });
});
