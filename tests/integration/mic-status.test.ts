/**
 * A phone that cannot open its microphone says so (audio:micStatus), and the facilitator's
 * console sees it in the room's audio status, to offer the hall microphone instead.
 */
import { describe, expect, it } from 'vitest';
import type { RoomState } from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import { emitAck, emitRawAck } from './helpers/realtime';
import { useServer } from './helpers/fixture';

const fx = useServer();
const audioOf = async (code: string) =>
  (await fx.admin.ok<RoomState>('GET', `/meetings/${code}/state`)).audio;

describe('a phone reports its microphone', () => {
  it('shows the console who cannot speak by phone, and why, until it can', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const li = await join(fx.server.url, meeting.code, '李大爷', 'room');
    const phone = await fx.phone(meeting.code, li.token);
    expect((await audioOf(meeting.code)).micTrouble).toEqual({});

    expect(await emitAck(phone, 'audio:micStatus', { status: 'insecure' })).toEqual({
      ok: true,
      data: {},
    });
    expect((await audioOf(meeting.code)).micTrouble).toEqual({ [li.participant.id]: 'insecure' });
    await emitAck(phone, 'audio:micStatus', { status: 'denied' });
    expect((await audioOf(meeting.code)).micTrouble).toEqual({ [li.participant.id]: 'denied' });
    await emitAck(phone, 'audio:micStatus', { status: 'ok' });
    expect((await audioOf(meeting.code)).micTrouble).toEqual({});
  });

  it('refuses a made-up status or extra fields, and ignores staff and screens', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const li = await join(fx.server.url, meeting.code, '李大爷', 'room');
    const phone = await fx.phone(meeting.code, li.token);
    for (const bad of [
      { status: 'broken' },
      { status: 'denied', participantId: 'someone-else' },
      {},
      'insecure',
    ]) {
      const ack = await emitRawAck(phone, 'audio:micStatus', bad);
      expect(ack).toMatchObject({ ok: false, code: 'VALIDATION' });
    }
    const staff = await fx.staffSocket(meeting.code);
    expect(await emitAck(staff, 'audio:micStatus', { status: 'insecure' })).toMatchObject({
      ok: true,
    });
    const screen = await fx.screen(meeting.code);
    expect(await emitAck(screen, 'audio:micStatus', { status: 'insecure' })).toMatchObject({
      ok: false,
    });
    expect((await audioOf(meeting.code)).micTrouble).toEqual({});
  });
});
