import { describe, expect, it } from 'vitest';
import { OpenVote, type VoteHead } from '../../server/voting/open-vote';
import { redactRoomState, redactVote, type FullRoomState } from '../../shared/redact';
import { votersByChannel, type TalliedVote } from '../../shared/protocol';

const head = (over: Partial<VoteHead> = {}): VoteHead => ({
  id: 'v',
  meetingId: 'm',
  agendaItemId: null,
  proposal: '修缮村道',
  rule: 'simple_majority',
  secret: false,
  status: 'open',
  openedAt: '',
  closedAt: null,
  outcome: null,
  quorum: 0.5,
  hideResults: true,
  ...over,
});

/** An open approval vote: two phones in the room, one remote, a confirmed and a pending hall count. */
function approval(over: Partial<VoteHead> = {}): TalliedVote {
  const open = new OpenVote(head(over));
  const ballot = (choice: string, channel: 'room' | 'remote') => ({
    choice,
    channel,
    ballotId: choice + channel,
    castAt: '',
  });
  open.ballots.set('a', ballot('agree', 'room'));
  open.ballots.set('b', ballot('oppose', 'room'));
  open.ballots.set('c', ballot('agree', 'remote'));
  open.hall = { agree: 2, oppose: 0, abstain: 1 };
  open.hallPending = {
    id: 1,
    counts: { agree: 3, oppose: 0, abstain: 0 },
    enteredBy: 'u',
    enteredAt: '',
  };
  return open.view(4);
}

function options(): TalliedVote {
  const open = new OpenVote(
    head({ kind: 'multiple', options: ['甲', '乙', '丙'], maxChoices: 2, quorum: 0 }),
  );
  open.ballots.set('a', { choice: 'o:0,2', channel: 'room', ballotId: 'x', castAt: '' });
  open.hallOptions = { options: [1, 1, 0], voters: 1 };
  return open.view(3);
}

describe('results hidden until close', () => {
  it('gives the public turnout only while a hiding vote is open: no count of any kind', () => {
    const full = approval();
    const shown = redactVote(full, 'public');
    expect(shown.tally).toEqual({
      hidden: true,
      cast: 6,
      eligible: 4,
      quorum: { required: 2, met: true },
      voters: { room: 2, remote: 1, hall: 3 },
    });
    expect(shown.hallPending).toBeNull();
    // Everything else about the vote is still there.
    expect(shown).toMatchObject({ id: 'v', proposal: '修缮村道', status: 'open' });
    const text = JSON.stringify(shown);
    expect(text).not.toMatch(/agree|oppose|abstain|byChannel|totals|hallCap/);
  });

  it('hides option counts too, keeping people per channel', () => {
    const shown = redactVote(options(), 'public');
    expect(shown.tally).toEqual({
      hidden: true,
      cast: 2,
      eligible: 3,
      voters: { room: 1, remote: 0, hall: 1 },
    });
    expect(shown.options).toEqual(['甲', '乙', '丙']); // the ballot's labels are not results
  });

  it('leaves staff, closed votes and votes that do not hide untouched (the same object)', () => {
    const full = approval();
    expect(redactVote(full, 'staff')).toBe(full);
    const closed = { ...full, status: 'closed' as const };
    expect(redactVote(closed, 'public')).toBe(closed);
    const shown = approval({ hideResults: false });
    expect(redactVote(shown, 'public')).toBe(shown);
  });

  it('redacts the vote inside the room state, and nothing else', () => {
    const state = { phase: 'live', vote: approval() } as unknown as FullRoomState;
    const shown = redactRoomState(state, 'public');
    expect(shown.vote?.tally.hidden).toBe(true);
    expect(shown.phase).toBe('live');
    expect(redactRoomState(state, 'staff')).toBe(state);
    const none = { phase: 'live', vote: null } as unknown as FullRoomState;
    expect(redactRoomState(none, 'public')).toBe(none);
  });

  it('counts people per channel the same from a full or a hidden tally', () => {
    const full = approval();
    expect(votersByChannel(full.tally)).toEqual({ room: 2, remote: 1, hall: 3 });
    expect(votersByChannel(redactVote(full, 'public').tally)).toEqual(votersByChannel(full.tally));
    expect(votersByChannel(options().tally)).toEqual({ room: 1, remote: 0, hall: 1 });
  });
});
