import { describe, expect, it } from 'vitest';
import { ballotView, shownChoice, type BallotState } from '../../client/src/lib/ballot-view';
import { formatTime } from '../../client/src/lib/time';
import { secretReplay } from '../../server/voting/replay';
import { tokenHash } from '../../server/voting/ballot-secret';
import { emptySecretSet } from '../../server/voting/secret-set';

const idle: BallotState = {
  choice: null,
  picks: null,
  pending: null,
  pendingPicks: null,
  queued: false,
  error: null,
  receipt: null,
};

describe('what the phone says about its ballot (issue 10)', () => {
  it('shows a change queued offline as the new choice, not the one it replaces', () => {
    const s = { ...idle, choice: 'agree' as const, pending: 'oppose' as const, queued: true };
    expect(ballotView(s)).toEqual({ kind: 'queued', next: { choice: 'oppose' } });
    expect(shownChoice(s)).toBe('oppose');
    expect(ballotView({ ...s, queued: false })).toMatchObject({ kind: 'sending' });
    expect(ballotView({ ...idle, pendingPicks: [0, 2], queued: true })).toEqual({
      kind: 'queued',
      next: { picks: [0, 2] },
    });
  });

  it('says counted with the stored choice, or refused and what still counts', () => {
    const receipt = { storedAt: '2026-11-30T06:59:23.000Z', ballotId: 'b1' };
    expect(ballotView({ ...idle, choice: 'oppose', receipt })).toEqual({
      kind: 'counted',
      held: { choice: 'oppose' },
      receipt,
    });
    expect(ballotView({ ...idle, choice: 'agree', error: 'VOTE_CLOSED' })).toEqual({
      kind: 'refused',
      code: 'VOTE_CLOSED',
      held: { choice: 'agree' },
    });
    expect(ballotView({ ...idle, error: 'NOT_ELIGIBLE' })).toMatchObject({ held: null });
    expect(ballotView(idle)).toEqual({ kind: 'none' });
  });

  it('formats receipt times in the UI locale, 24-hour in Chinese', () => {
    const at = new Date(2026, 10, 30, 14, 59, 23).toISOString();
    expect(formatTime(at, 'zh-CN')).toBe('14:59:23');
    expect(formatTime(at, 'en')).toMatch(/^2:59:23\sPM$/);
    expect(formatTime('not a time', 'zh-CN')).toBe('');
    // The console's door list: minutes only, still in the UI's language (issue 10).
    expect(formatTime(at, 'zh-CN', false)).toBe('14:59');
    expect(formatTime(at, 'en', false)).toMatch(/^2:59\sPM$/);
  });
});

describe('a secret ballot resent after close', () => {
  const set = emptySecretSet();
  set.voters.set('li', 'room');
  set.ballots.set(tokenHash('li-token-xxxxxxxxxxxxxxxx'), 'oppose');
  set.ballotIds.add('li-1');
  const q = { voteId: 'v', participantId: 'li', ballotId: 'li-1', pick: 'agree' as const };

  it('says counted with the choice under the phone’s own token, else the one it sent', () => {
    expect(secretReplay(set, { ...q, secretToken: 'li-token-xxxxxxxxxxxxxxxx' })).toMatchObject({
      choice: 'oppose',
      replay: true,
    });
    expect(secretReplay(set, q)).toMatchObject({ choice: 'agree', replay: true });
    expect(secretReplay(set, { ...q, pick: [2, 0] })).toMatchObject({ options: [0, 2] });
  });

  it('knows nothing of an id never stored, or of someone who never voted', () => {
    expect(secretReplay(set, { ...q, ballotId: 'li-2' })).toBeNull();
    expect(secretReplay(set, { ...q, participantId: 'wang' })).toBeNull();
  });
});
