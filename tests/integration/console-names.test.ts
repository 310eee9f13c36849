import { describe, expect, it } from 'vitest';
import type { JoinAnswer, Meeting, Participant } from '../../shared/protocol';
import { ApiClient, createLiveMeeting } from './helpers/api';
import { useServer } from './helpers/fixture';

/**
 * Issue 10: two people joining with the same name get a hint, without telling a holder of the
 * code anything about the roster that joining would not (only people checked in count, and
 * only where the code alone lets one in).
 */
describe('console: same-name hint', () => {
  const fx = useServer();
  const phone = () => new ApiClient(fx.server.url);
  const joinAs = (code: string, body: Record<string, unknown>) =>
    phone().request<JoinAnswer>('POST', `/meetings/${code}/join`, { attendance: 'room', ...body });
  const people = (code: string) =>
    fx.admin.ok<Participant[]>('GET', `/meetings/${code}/participants`);

  it('asks the second 李大爷 for a detail, and lets them in when they insist', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    expect((await joinAs(code, { name: '李大爷' })).ack.ok).toBe(true);

    for (const name of ['李大爷', ' 李大爷 ', '李大爷\u3000']) {
      const { status, ack } = await joinAs(code, { name });
      expect([status, ack.ok || ack.code]).toEqual([409, 'SAME_NAME']);
    }
    // Refused attempts leave nobody behind.
    expect((await people(code)).filter((p) => p.name === '李大爷')).toHaveLength(1);

    expect((await joinAs(code, { name: '李大爷（3组）' })).ack.ok).toBe(true);
    const anyway = await joinAs(code, { name: '李大爷', allowSameName: true });
    expect(anyway.ack.ok).toBe(true);
    expect((await people(code)).filter((p) => p.name === '李大爷')).toHaveLength(2);
  });

  it('says nothing about people who are not here, nor at a roster meeting’s door', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    // On the roster but not checked in: no hint (that would reveal the roster).
    await fx.admin.ok('POST', `/meetings/${meeting.code}/roster/entries`, {
      entries: [{ name: '赵奶奶' }],
    });
    expect((await joinAs(meeting.code, { name: '赵奶奶' })).ack.ok).toBe(true);

    // A roster meeting: everyone waits at the door, same name or not; staff see the match.
    const closed = await fx.admin.ok<Meeting>('POST', '/meetings', {
      title: '名单制会议',
      level: 'village',
      date: '2026-11-30',
    });
    await fx.admin.ok('POST', `/meetings/${closed.code}/start`);
    await fx.admin.ok('POST', `/meetings/${closed.code}/roster/entries`, {
      entries: [{ name: '钱大爷' }],
    });
    const [known, unknown] = await Promise.all([
      joinAs(closed.code, { name: '钱大爷' }),
      joinAs(closed.code, { name: '孙大爷' }),
    ]);
    expect(known.ack.ok && 'waiting' in known.ack.data).toBe(true);
    expect(unknown.ack.ok && 'waiting' in unknown.ack.data).toBe(true);
  });
});
