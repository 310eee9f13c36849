import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  GENESIS_HASH,
  nextEntry,
  verifyChain,
  type AuditEntry,
} from '../../server/audit/chain';
import { minutesDigest, verifyRecord } from '../../server/audit/verify';
import { decideOutcome, hallCap, quorumOf, tally } from '../../server/voting/rules';
import { OpenVote } from '../../server/voting/open-vote';
import type { MeetingRecord, RecordVote } from '../../shared/protocol';

describe('quorum', () => {
  it('rounds the required ballots up and compares with all ballots cast', () => {
    expect(quorumOf(0.5, 10, 5)).toEqual({ required: 5, met: true });
    expect(quorumOf(0.5, 11, 5)).toEqual({ required: 6, met: false });
    expect(quorumOf(2 / 3, 9, 6)).toEqual({ required: 6, met: true });
    expect(quorumOf(0, 9, 0)).toEqual({ required: 0, met: true });
  });

  it('turns any rule into no_quorum when it is missed, and leaves it alone otherwise', () => {
    const t = tally([{ channel: 'room', choice: 'agree' }], null, 4);
    expect(decideOutcome('simple_majority', { ...t, quorum: { required: 2, met: false } })).toBe(
      'no_quorum',
    );
    expect(decideOutcome('simple_majority', { ...t, quorum: { required: 1, met: true } })).toBe(
      'passed',
    );
  });
});

describe('hall cap', () => {
  const roster = [
    { id: 'a', role: 'resident', attendance: 'room' },
    { id: 'b', role: 'resident', attendance: 'room' },
    { id: 'c', role: 'member', attendance: 'remote' },
    { id: 'd', role: 'observer', attendance: 'room' },
  ] as const;

  it('counts voters present in the room who have not voted electronically', () => {
    expect(hallCap(roster, () => false)).toBe(2);
    expect(hallCap(roster, (id) => id === 'a')).toBe(1);
    expect(hallCap([], () => false)).toBe(0);
  });

  it('is part of every open vote view, and drops as phones vote', () => {
    const open = new OpenVote({
      id: 'v',
      meetingId: 'm',
      agendaItemId: null,
      proposal: 'p',
      rule: 'simple_majority',
      secret: true,
      status: 'open',
      openedAt: '',
      closedAt: null,
      outcome: null,
      quorum: 0.5,
      hideResults: false,
    });
    expect(open.view(3, roster).tally.hallCap).toBe(2);
    open.voters.set('b', 'room');
    open.secret.set('hash', { choice: 'agree' });
    const view = open.view(3, roster);
    expect(view.tally.hallCap).toBe(1);
    expect(view.tally.quorum).toEqual({ required: 2, met: false });
    // A secret vote's counts move in steps of SECRET_MIN_GROUP ballots; exact at close.
    expect(view.tally.cast).toBe(1);
    expect(open.view(3, roster, true).tally.totals.agree).toBe(1);
  });
});

describe('audit hash chain', () => {
  const chain = (): AuditEntry[] => {
    const entries: AuditEntry[] = [];
    for (const [kind, data] of [
      ['vote.opened', { voteId: 'v', proposal: '修路' }],
      ['ballots.received', { voteId: 'v', count: 3 }],
      ['vote.closed', { voteId: 'v', outcome: 'passed' }],
    ] as const) {
      entries.push(nextEntry(entries.at(-1) ?? null, '2026-11-22T00:00:00Z', kind, data));
    }
    return entries;
  };

  it('sorts keys at every level so the hash does not depend on field order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('links each entry to the previous one from the genesis hash', () => {
    const entries = chain();
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(verifyChain(entries, entries[2]!.hash)).toEqual([]);
  });

  it('detects an edited, removed or reordered entry and a wrong head', () => {
    const edited = chain();
    (edited[1]!.data as { count: number }).count = 4;
    expect(verifyChain(edited, edited[2]!.hash)).toEqual([
      { seq: 2, problem: 'content altered: hash does not match' },
    ]);
    const removed = chain();
    removed.splice(1, 1);
    expect(verifyChain(removed, removed[1]!.hash).length).toBeGreaterThan(0);
    const truncated = chain().slice(0, 2);
    expect(verifyChain(truncated, chain()[2]!.hash)).toContainEqual({
      seq: 2,
      problem: 'head hash does not match the last entry',
    });
  });
});

describe('verifyRecord', () => {
  const tallyData = {
    totals: { agree: 2, oppose: 0, abstain: 0 },
    byChannel: {
      room: { agree: 2, oppose: 0, abstain: 0 },
      remote: { agree: 0, oppose: 0, abstain: 0 },
      hall: { agree: 0, oppose: 0, abstain: 0 },
    },
    cast: 2,
  };
  const record = (): MeetingRecord => {
    const entries = [nextEntry(null, 't', 'vote.opened', { voteId: 'v' })];
    entries.push(
      nextEntry(entries[0]!, 't', 'vote.closed', {
        voteId: 'v',
        outcome: 'passed',
        tally: tallyData,
      }),
    );
    entries.push(nextEntry(entries[1]!, 't', 'meeting.closed', { from: 'live' }));
    entries.push(nextEntry(entries[2]!, 't', 'minutes.frozen', { digest: minutesDigest(minutes) }));
    const vote = {
      id: 'v',
      outcome: 'passed',
      ...structuredClone(tallyData),
    } as unknown as RecordVote;
    return {
      conclusions: [vote],
      escalations: [],
      minutes: structuredClone(minutes),
      audit: { headHash: entries.at(-1)!.hash, entries },
    } as unknown as MeetingRecord;
  };
  const minutes: MeetingRecord['minutes'] = [{ type: 'paragraph', text: '同意修路' }];

  it('accepts an intact record', () => {
    expect(verifyRecord(record())).toEqual([]);
  });

  it('reports edited counts, a dropped vote and a missing log', () => {
    const edited = record();
    edited.conclusions[0]!.totals.agree = 3;
    expect(verifyRecord(edited)).toEqual(['vote v: counts differ from the audit log']);
    const dropped = record();
    dropped.conclusions = [];
    expect(verifyRecord(dropped)).toEqual(['vote v: in the audit log but missing from the record']);
    const bare = record();
    delete bare.audit;
    expect(verifyRecord(bare)).toEqual(['the record carries no audit log']);
  });

  it('reports minutes edited after close', () => {
    const edited = record();
    (edited.minutes[0] as { text: string }).text = '不同意修路';
    expect(verifyRecord(edited)).toEqual(['minutes differ from the ones frozen at close']);
  });
});
