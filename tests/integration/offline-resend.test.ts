import { describe, expect, it } from 'vitest';
import type { Ladder } from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import { useServer } from './helpers/fixture';
import { emitAck } from './helpers/realtime';

const fx = useServer();

/**
 * A phone resends what it queued offline, or what it sent when the ack was lost, with the same
 * id (issue 11). Raw frames, as a phone resending over a flaky hotspot would send them.
 */
describe('a consensus-ladder position resent with the same id', () => {
  it('is applied once: one objection in the record, one audit entry', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const chair = fx.track(await fx.staffSocket(meeting.code));
    const opened = await emitAck(chair, 'ladder:open', { text: '健身器材放在村委会东侧空地' });
    if (!opened.ok) throw new Error(opened.message);
    const ladderId = opened.data.id;
    const villager = await join(fx.server.url, meeting.code, '冯大爷');
    const phone = await fx.phone(meeting.code, villager.token);

    const position = {
      ladderId,
      level: 'oppose' as const,
      reason: '离住户太近，晚上吵',
      positionId: 'pos-offline-0001',
    };
    const acks = [
      await emitAck(phone, 'ladder:position', position),
      await emitAck(phone, 'ladder:position', position),
      await emitAck(phone, 'ladder:position', position),
    ];
    for (const ack of acks) expect(ack.ok).toBe(true);
    const ladder = (acks[2] as { ok: true; data: Ladder }).data;
    expect(ladder.positions).toHaveLength(1);
    expect(ladder.objections).toHaveLength(1);
    expect(ladder.counts.oppose).toBe(1);

    // A new position (a new id) still changes it, as any change does.
    const changed = await emitAck(phone, 'ladder:position', {
      ladderId,
      level: 'accept',
      positionId: 'pos-offline-0002',
    });
    expect(changed).toMatchObject({ ok: true, data: { counts: { oppose: 0, accept: 1 } } });

    // Only an id is one: a 500-character one is refused like any malformed input.
    const bad = await emitAck(phone, 'ladder:position', {
      ladderId,
      level: 'support',
      positionId: 'x'.repeat(500),
    });
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION' });

    const db = fx.inspectDb();
    try {
      const rows = db
        .prepare(
          `SELECT count(*) AS n FROM audit_log a JOIN meetings m ON m.id = a.meeting_id
           WHERE m.code = ? AND a.kind = 'ladder.position'`,
        )
        .get(meeting.code) as { n: number };
      expect(rows.n).toBe(2);
    } finally {
      db.close();
    }
  });
});
