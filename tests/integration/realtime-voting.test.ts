import { describe, expect, it } from 'vitest';
import type { Choice, RoomState, Vote } from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import { connectSocket, emitAck, emitRawAck, waitForEvent } from './helpers/realtime';
import { useServer } from './helpers/fixture';
import { connectTracked, waitForRoom } from './helpers/room-mirror';

const fx = useServer();
const staffSocket = (code: string) => fx.staffSocket(code);

describe('voting over Socket.IO', () => {
  it('counts 50 phones voting at once exactly, and the hall screen sees the totals', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const facilitator = await staffSocket(meeting.code);
    const screen = await fx.screen(meeting.code);

    const voters = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        join(fx.server.url, meeting.code, `村民${i}`, i % 5 === 0 ? 'remote' : 'room'),
      ),
    );
    const phones = await Promise.all(
      voters.map((v) =>
        connectSocket(fx.server.url, {
          meetingCode: meeting.code,
          as: 'participant',
          token: v.token,
        }).then(fx.track),
      ),
    );
    const opened = await emitAck(facilitator, 'vote:open', {
      proposal: '修缮村道',
      rule: 'simple_majority',
    });
    if (!opened.ok) throw new Error(opened.message);
    const voteId = opened.data.id;

    const choices = voters.map((_, i): Choice =>
      i % 10 < 6 ? 'agree' : i % 10 < 9 ? 'oppose' : 'abstain',
    );
    const finalOnScreen = waitForEvent(screen, 'vote:update', (v) => v.tally.cast === 50);
    const acks = await Promise.all(
      phones.map((phone, i) =>
        emitAck(phone, 'vote:cast', { voteId, choice: choices[i], ballotId: `ballot-${i}-x` }),
      ),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    const onScreen = await finalOnScreen;
    if (onScreen.tally.hidden) throw new Error('This vote does not hide its results');
    expect(onScreen.tally.totals).toEqual({ agree: 30, oppose: 15, abstain: 5 });
    expect(onScreen.tally.byChannel.remote.agree + onScreen.tally.byChannel.room.agree).toBe(30);
    expect(onScreen.tally.byChannel.remote).toEqual({ agree: 10, oppose: 0, abstain: 0 });

    const closed = await emitAck(facilitator, 'vote:close', { voteId });
    expect(closed).toMatchObject({ ok: true, data: { outcome: 'passed', status: 'closed' } });
  });

  it('keeps one ballot per person across reconnects, second tabs and replayed ballots', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const facilitator = await staffSocket(meeting.code);
    const li = await join(fx.server.url, meeting.code, '李大爷');
    const opened = await emitAck(facilitator, 'vote:open', {
      proposal: '设立垃圾分类点',
      rule: 'consensus',
    });
    if (!opened.ok) throw new Error(opened.message);
    const voteId = opened.data.id;

    const tab1 = await fx.phone(meeting.code, li.token);
    const first = await emitAck(tab1, 'vote:cast', {
      voteId,
      choice: 'oppose',
      ballotId: 'ballot-li-1',
    });
    expect(first.ok).toBe(true);
    // The same ballot resent (a retry after a lost ack) is not a second vote.
    const replay = await emitAck(tab1, 'vote:cast', {
      voteId,
      choice: 'oppose',
      ballotId: 'ballot-li-1',
    });
    expect(replay).toMatchObject({ ok: true, data: { ballotId: 'ballot-li-1', choice: 'oppose' } });
    tab1.close();

    // Reload: the same token reconnects as the same person and finds the ballot.
    const reloaded = await fx.phone(meeting.code, li.token);
    expect(await emitAck(reloaded, 'vote:mine', { voteId })).toEqual({
      ok: true,
      data: { choice: 'oppose' },
    });
    const tab2 = await fx.phone(meeting.code, li.token);
    await emitAck(tab2, 'vote:cast', { voteId, choice: 'agree', ballotId: 'ballot-li-2' });

    const state = await fx.admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
    expect(state.vote?.tally.cast).toBe(1);
    expect(state.vote?.tally.totals?.agree).toBe(1);
    const participants = await fx.admin.ok<unknown[]>(
      'GET',
      `/meetings/${meeting.code}/participants`,
    );
    expect(participants).toHaveLength(1);
    const closed = await emitAck(facilitator, 'vote:close', { voteId });
    expect(closed.ok && closed.data.outcome).toBe('passed');
    // After close, a reloaded phone still learns what it chose.
    expect(await emitAck(tab2, 'vote:mine', { voteId })).toEqual({
      ok: true,
      data: { choice: 'agree' },
    });
  });

  it('sends every screen the current item and follows role changes live', async () => {
    const { meeting, itemIds } = await createLiveMeeting(fx.admin);
    const facilitator = await staffSocket(meeting.code);
    const screen = fx.track(
      await connectTracked(fx.server.url, { meetingCode: meeting.code, as: 'screen' }),
    );
    const li = await join(fx.server.url, meeting.code, '李大爷');
    const phone = await fx.phone(meeting.code, li.token);

    const followed = waitForRoom(screen, (s) => s.currentItemId === itemIds[1]);
    const set = await emitAck(facilitator, 'meeting:setCurrentItem', { itemId: itemIds[1]! });
    expect(set.ok).toBe(true);
    expect((await followed).agenda.map((i) => i.title)).toEqual(['电梯选址', '费用分摊']);

    const started = waitForRoom(phone, (s) => s.timer.runningSince !== null);
    await emitAck(facilitator, 'meeting:timer', { action: 'start' });
    expect((await started).timer.durationSec).toBe(600);

    const promoted = waitForEvent(phone, 'self:update', (p) => p.role === 'observer');
    await emitAck(facilitator, 'participant:update', {
      participantId: li.participant.id,
      role: 'observer',
    });
    await promoted;
    const opened = await emitAck(facilitator, 'vote:open', {
      proposal: '测试',
      rule: 'simple_majority',
    });
    if (!opened.ok) throw new Error(opened.message);
    const refused = await emitAck(phone, 'vote:cast', { voteId: opened.data.id, choice: 'agree' });
    expect(refused).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
  });
});

describe('socket input is checked at the boundary', () => {
  it('refuses bad handshakes with a typed reason', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const attempts = [
      { meetingCode: '000000', as: 'screen' as const },
      { meetingCode: meeting.code, as: 'participant' as const, token: 'p1.forged.token.sig' },
      { meetingCode: meeting.code, as: 'staff' as const },
    ];
    const codes = [];
    for (const auth of attempts) {
      const err = await connectSocket(fx.server.url, auth).then(
        () => null,
        (e: Error & { data?: { code: string } }) => e.data?.code,
      );
      codes.push(err);
    }
    expect(codes).toEqual(['MEETING_NOT_FOUND', 'INVALID_TOKEN', 'UNAUTHENTICATED']);
  });

  it('answers forbidden, malformed and oversized events with typed errors and stays up', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const li = await join(fx.server.url, meeting.code, '李大爷');
    const phone = await fx.phone(meeting.code, li.token);
    const screen = await fx.screen(meeting.code);

    expect(await emitAck(phone, 'vote:open', { proposal: '我说了算' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await emitAck(phone, 'meeting:close', {})).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(
      await emitAck(phone, 'participant:update', {
        participantId: li.participant.id,
        role: 'member',
      }),
    ).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await emitAck(screen, 'meeting:setCurrentItem', { itemId: null })).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await emitRawAck(phone, 'vote:cast', 'not an object')).toMatchObject({
      ok: false,
      code: 'VALIDATION',
    });
    expect(await emitRawAck(phone, 'vote:cast', { voteId: 'x', choice: 'maybe' })).toMatchObject({
      code: 'VALIDATION',
    });
    expect(
      await emitAck(phone, 'vote:cast', { voteId: 'nonexistentvote1', choice: 'agree' }),
    ).toMatchObject({
      code: 'VOTE_NOT_FOUND',
    });
    expect(
      await emitAck(phone, 'vote:cast', { voteId: 'x'.repeat(100_000), choice: 'agree' }),
    ).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
    expect(await emitRawAck(phone, 'meeting:selfDestruct', {})).toMatchObject({
      ok: false,
      code: 'VALIDATION',
    });
    // Still connected and served.
    const facilitator = await staffSocket(meeting.code);
    const opened = await emitAck(facilitator, 'vote:open', {
      proposal: '还能表决',
      rule: 'simple_majority',
    });
    expect(opened.ok).toBe(true);
    const vote = (opened as { data: Vote }).data;
    expect(await emitAck(phone, 'vote:cast', { voteId: vote.id, choice: 'agree' })).toMatchObject({
      ok: true,
    });
  });
});
