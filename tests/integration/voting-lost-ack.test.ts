import { describe, expect, it } from 'vitest';
import type { TalliedVote } from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import { emitAck } from './helpers/realtime';
import { useServer } from './helpers/fixture';

/**
 * Issue 10: a phone whose ack was lost and that comes back after the vote closed must hear
 * what the server holds for it ("counted", with the stored choice), never VOTE_CLOSED for a
 * ballot that is in the tally; an id never stored before close stays refused.
 */
const fx = useServer({ teller: true });
const openVote = (code: string, body: object) =>
  fx.admin.ok<TalliedVote>('POST', `/meetings/${code}/votes`, { proposal: '修缮村道', ...body });
const votes = (code: string) => fx.admin.ok<TalliedVote[]>('GET', `/meetings/${code}/votes`);

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out');
}

/** The ballot ids stored for a vote, read from the file as an outsider would. */
function storedIds(voteId: string, secret: boolean): string[] {
  const db = fx.inspectDb();
  try {
    if (secret) {
      const row = db.prepare('SELECT ballot_ids FROM secret_sets WHERE vote_id = ?').get(voteId) as
        { ballot_ids: string } | undefined;
      return row ? (JSON.parse(row.ballot_ids) as string[]) : [];
    }
    const rows = db.prepare('SELECT ballot_id FROM ballot_ids WHERE vote_id = ?').all(voteId);
    return (rows as { ballot_id: string }[]).map((r) => r.ballot_id);
  } finally {
    db.close();
  }
}

/** A vote with one acknowledged ballot and a change whose ack is lost; then it closes. */
async function lostChangeThenClose(secret: boolean) {
  const { meeting } = await createLiveMeeting(fx.admin);
  const li = await join(fx.server.url, meeting.code, '李大爷');
  const zhao = await join(fx.server.url, meeting.code, '赵大姐');
  const vote = await openVote(meeting.code, { secret });
  const token = secret ? { secretToken: 'li-phone-secret-token-xxxxxxxx' } : {};
  const before = await fx.phone(meeting.code, li.token);
  const first = {
    voteId: vote.id,
    choice: 'agree' as const,
    ballotId: 'li-ballot-first',
    ...token,
  };
  expect(await emitAck(before, 'vote:cast', first)).toMatchObject({ ok: true });
  const other = await fx.phone(meeting.code, zhao.token);
  const zhaoBallot = {
    voteId: vote.id,
    choice: 'agree' as const,
    ballotId: 'zhao-ballot',
    ...(secret ? { secretToken: 'zhao-phone-secret-token-xxxxxxxx' } : {}),
  };
  expect(await emitAck(other, 'vote:cast', zhaoBallot)).toMatchObject({ ok: true });
  // The change is sent, the connection drops before the ack comes back.
  const change = {
    voteId: vote.id,
    choice: 'oppose' as const,
    ballotId: 'li-ballot-changed',
    ...token,
  };
  before.emit('vote:cast', change, () => undefined);
  before.close();
  // Committed (the server acts on what it received), though the phone never heard so.
  await until(() => Promise.resolve(storedIds(vote.id, secret).includes(change.ballotId)));
  const closed = await fx.admin.ok<TalliedVote>(
    'POST',
    `/meetings/${meeting.code}/votes/${vote.id}/close`,
  );
  expect(closed.tally.totals).toEqual({ agree: 1, oppose: 1, abstain: 0 });
  const after = await fx.phone(meeting.code, li.token);
  return { meeting, vote, closed, change, first, after };
}

describe('a lost ack, then the vote closes, then the phone resends', () => {
  for (const secret of [false, true]) {
    it(`acknowledges the stored ballot as a replay with its choice (${secret ? 'secret' : 'open'} vote)`, async () => {
      const { meeting, vote, closed, change, first, after } = await lostChangeThenClose(secret);
      const resent = await emitAck(after, 'vote:cast', change);
      expect(resent).toMatchObject({
        ok: true,
        data: { voteId: vote.id, ballotId: change.ballotId, choice: 'oppose', replay: true },
      });
      // The older id of the same phone: what is stored now is still the changed choice.
      const older = await emitAck(after, 'vote:cast', first);
      expect(older).toMatchObject({ ok: true, data: { choice: 'oppose', replay: true } });
      // Nothing counted twice: the closed tally is as it was at close.
      const [again] = (await votes(meeting.code)).filter((v) => v.id === vote.id);
      expect(again!.tally).toEqual(closed.tally);
      // An id never stored before close stays refused.
      const late = await emitAck(after, 'vote:cast', { ...change, ballotId: 'li-never-stored' });
      expect(late).toMatchObject({ ok: false, code: 'VOTE_CLOSED' });
    });
  }
});
