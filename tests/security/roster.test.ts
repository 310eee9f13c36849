import { describe, expect, it } from 'vitest';
import type { Meeting, Participant, RoomState, TalliedVote } from '../../shared/protocol';
import { useServer } from '../integration/helpers/fixture';

/**
 * Issue 9, finding 4: quorum, turnout and the hall cap were counted against whoever joined.
 * They are counted against the roster (应到名单) the facilitator keeps.
 */
const fx = useServer();

async function rosterMeeting(names: { name: string; role?: string; onLeave?: boolean }[]) {
  const meeting = await fx.admin.ok<Meeting>('POST', '/meetings', {
    title: '河道承包协商会',
    level: 'village',
    date: '2026-11-30',
  });
  const code = meeting.code;
  const entries = await fx.admin.ok<Participant[]>('POST', `/meetings/${code}/roster/entries`, {
    entries: names,
  });
  await fx.admin.ok('POST', `/meetings/${code}/start`);
  return { code, entries };
}

describe('quorum against the roster', () => {
  it('counts 应到 from the roster minus 请假, caps hands at those checked in', async () => {
    const names = Array.from({ length: 10 }, (_, i) => ({
      name: `村民${i + 1}`,
      onLeave: i >= 7, // three on leave
    }));
    names.push({ name: '列席者', role: 'observer' } as never);
    const { code, entries } = await rosterMeeting(names);
    expect(entries).toHaveLength(11);
    expect(entries.every((e) => !e.present && e.kind === 'roster')).toBe(true);

    // Three people arrive in the hall without phones; staff check them in.
    for (const e of entries.slice(0, 3)) {
      await fx.admin.ok('PATCH', `/meetings/${code}/participants/${e.id}`, { present: true });
    }
    const state = await fx.admin.ok<RoomState>('GET', `/meetings/${code}/state`);
    expect(state.attendance).toMatchObject({ expected: 8, present: 3, onLeave: 3, room: 3 });

    const vote = await fx.admin.ok<TalliedVote>('POST', `/meetings/${code}/votes`, {
      proposal: '同意续签河道承包合同',
      rule: 'simple_majority',
      quorum: 0.5,
    });
    expect(vote.tally.eligible).toBe(7);
    expect(vote.tally.quorum).toEqual({ required: 4, met: false });
    expect(vote.tally.hallCap).toBe(3);
    const hall = `/meetings/${code}/votes/${vote.id}/hall-count`;
    const over = await fx.admin.request('PUT', hall, {
      counts: { agree: 4, oppose: 0, abstain: 0 },
    });
    expect(over.ack).toMatchObject({ ok: false, code: 'HALL_CAP_EXCEEDED' });

    // While the vote is open nobody is put on leave or removed: 应到 would move under it.
    const leave = await fx.admin.request(
      'PATCH',
      `/meetings/${code}/participants/${entries[0]!.id}`,
      {
        onLeave: true,
      },
    );
    expect(leave.ack).toMatchObject({ ok: false, code: 'ROSTER_LOCKED' });
    const removed = await fx.admin.request(
      'DELETE',
      `/meetings/${code}/participants/${entries[5]!.id}`,
    );
    expect(removed.ack).toMatchObject({ ok: false, code: 'ROSTER_LOCKED' });
    const closed = await fx.admin.ok<TalliedVote>(
      'POST',
      `/meetings/${code}/votes/${vote.id}/close`,
    );
    expect(closed.outcome).toBe('no_quorum');

    // Between votes the roster is edited freely.
    await fx.admin.ok('DELETE', `/meetings/${code}/participants/${entries[5]!.id}`);
    await fx.admin.ok('PATCH', `/meetings/${code}/participants/${entries[8]!.id}`, {
      onLeave: false,
      role: 'member',
    });
    const next = await fx.admin.ok<TalliedVote>('POST', `/meetings/${code}/votes`, {
      proposal: '再议',
      rule: 'simple_majority',
    });
    expect(next.tally.eligible).toBe(7);
  });
});
