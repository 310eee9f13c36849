import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nextEntry } from '../../server/audit/chain';
import { RecordSigner } from '../../server/audit/signing';
import type { AuditEntry, MeetingRecord, SigningKeyInfo, TalliedVote } from '../../shared/protocol';
import { assignStaff, createLiveMeeting, join } from '../integration/helpers/api';
import { useServer } from '../integration/helpers/fixture';
import { verifyRecordCli } from '../integration/helpers/records';

const fx = useServer({ teller: true });

/** Finding 13: a record is signed; recomputing the chain or re-signing with another key fails. */
describe('a forged record', () => {
  async function closedRecord(): Promise<MeetingRecord> {
    const { meeting } = await createLiveMeeting(fx.admin);
    await assignStaff(fx.admin, meeting.code, fx.teller, 'teller');
    const li = await join(fx.server.url, meeting.code, '李大爷');
    await fx.admin.ok('PATCH', `/meetings/${meeting.code}/participants/${li.participant.id}`, {
      role: 'member',
      attendance: 'remote',
    });
    const vote = await fx.admin.ok<TalliedVote>('POST', `/meetings/${meeting.code}/votes`, {
      proposal: '修缮村道',
    });
    await li.api.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/ballots`, {
      choice: 'oppose',
    });
    await fx.admin.ok('POST', `/meetings/${meeting.code}/votes/${vote.id}/close`);
    await fx.admin.ok('POST', `/meetings/${meeting.code}/close`);
    const res = await fetch(`${fx.server.url}/api/meetings/${meeting.code}/record.json`, {
      headers: { cookie: fx.admin.cookie },
    });
    return (await res.json()) as MeetingRecord;
  }

  // DATA_DIR elsewhere: an auditor's machine, without the installation key.
  const verify = (record: MeetingRecord, args: string[], env: NodeJS.ProcessEnv = {}) =>
    verifyRecordCli(record, fx.server.dataDir, args, { DATA_DIR: '/nonexistent', ...env });

  /** What a forger with the file and no key does: edit, then recompute every link. */
  function rechain(entries: AuditEntry[]): { headHash: string; entries: AuditEntry[] } {
    const out: AuditEntry[] = [];
    for (const e of entries) out.push(nextEntry(out.at(-1) ?? null, e.at, e.kind, e.data));
    return { headHash: out.at(-1)!.hash, entries: out };
  }

  it('is signed with the installation key the API serves, over a chain of the whole meeting', async () => {
    const record = await closedRecord();
    const key = await fx.admin.ok<SigningKeyInfo>('GET', '/record-key');
    expect(key.alg).toBe('Ed25519');
    expect(record.signature).toMatchObject({
      publicKey: key.publicKey,
      fingerprint: key.fingerprint,
    });
    const kinds = record.audit!.entries.map((e) => e.kind);
    for (const kind of [
      'staff.changed',
      'meeting.started',
      'participant.changed',
      'meeting.closed',
      'minutes.frozen',
    ]) {
      expect(kinds).toContain(kind);
    }
    const staffed = record.audit!.entries.findLast((e) => e.kind === 'staff.changed')!;
    expect(staffed.data).toMatchObject({
      staff: expect.arrayContaining([{ name: 'teller', role: 'teller' }]),
    });
    const changed = record.audit!.entries.find((e) => e.kind === 'participant.changed')!;
    expect(changed.data).toMatchObject({
      participant: '李大爷',
      role: 'member',
      attendance: 'remote',
      was: { role: 'resident', attendance: 'room' },
    });

    expect(await verify(record, ['--key', key.fingerprint])).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^OK: signed by/),
    });
    // On the server's own machine the installation key is found without --key.
    expect(await verify(record, [], { DATA_DIR: fx.server.dataDir })).toMatchObject({ code: 0 });
    // Anywhere else, verification without a trusted key refuses to say OK.
    expect((await verify(record, [])).code).toBe(2);
  }, 30_000);

  it('fails when the result is edited and the whole chain recomputed', async () => {
    const record = await closedRecord();
    const key = await fx.admin.ok<SigningKeyInfo>('GET', '/record-key');
    const forged = structuredClone(record);
    const rejected = forged.escalations[0]!;
    forged.escalations = [];
    forged.conclusions = [
      { ...rejected, outcome: 'passed', totals: { agree: 1, oppose: 0, abstain: 0 } },
    ];
    const closed = forged.audit!.entries.find((e) => e.kind === 'vote.closed')!;
    const data = closed.data as { outcome: string; tally: { totals: unknown } };
    data.outcome = 'passed';
    data.tally.totals = { agree: 1, oppose: 0, abstain: 0 };
    forged.audit = rechain(forged.audit!.entries);

    const check = await verify(forged, ['--key', key.fingerprint]);
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/signature does not match the content/);
    // The chain itself is consistent again: only the signature catches it.
    expect(check.out).not.toMatch(/hash does not match/);
  }, 30_000);

  it('fails when re-signed with a key of the forger', async () => {
    const record = await closedRecord();
    const key = await fx.admin.ok<SigningKeyInfo>('GET', '/record-key');
    const forged = structuredClone(record);
    forged.minutes = [{ type: 'paragraph', text: '全体同意' }];
    const { signature: _drop, ...unsigned } = forged;
    const forger = new RecordSigner(generateKeyPairSync('ed25519').privateKey);
    const resigned = forger.sign(unsigned as MeetingRecord);

    const check = await verify(resigned, ['--key', key.fingerprint]);
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/not by the trusted key/);
    expect(check.out).toMatch(/minutes differ from the ones frozen at close/);
    // The public key works as the pin as well as the fingerprint.
    expect((await verify(record, ['--key', key.publicKey])).code).toBe(0);
  }, 30_000);
});
