import { createHash } from 'node:crypto';
import type { MeetingRecord, MinutesBlock, RecordVote } from '../../shared/protocol';
import { canonicalJson, verifyChain } from './chain';
import { normaliseDeep } from '../../shared/text';
import { signatureProblems } from './signing';

/** sha256 of the minutes' canonical JSON: what the chain's `minutes.frozen` entry commits to. */
export const minutesDigest = (minutes: readonly MinutesBlock[]): string =>
  createHash('sha256').update(canonicalJson(minutes)).digest('hex');

const digestOf = (data: unknown): unknown =>
  typeof data === 'object' && data !== null && 'digest' in data ? data.digest : undefined;

interface ClosedEntryData {
  voteId: string;
  outcome: string;
  tally: { totals: unknown; byChannel: unknown; cast: number; options?: unknown };
}

const isClosedData = (data: unknown): data is ClosedEntryData =>
  typeof data === 'object' && data !== null && 'voteId' in data && 'tally' in data;

/**
 * Pure: every alteration found in an exported record, or an empty list. Checks the hash chain
 * link by link, the head hash, and that each vote result printed in the record is the one the
 * chain's `vote.closed` entry committed to (so editing a result, or dropping a vote, shows).
 */
export function verifyRecord(record: MeetingRecord): string[] {
  if (!record.audit) return ['the record carries no audit log'];
  const { entries, headHash } = record.audit;
  const problems = verifyChain(entries, headHash).map((p) => `entry ${p.seq}: ${p.problem}`);

  const closed = new Map<string, ClosedEntryData>();
  for (const entry of entries) {
    if (entry.kind === 'vote.closed' && isClosedData(entry.data)) {
      closed.set(entry.data.voteId, entry.data);
    }
  }
  const votes: RecordVote[] = [...record.conclusions, ...record.escalations];
  for (const vote of votes) {
    const logged = closed.get(vote.id);
    if (!logged) {
      problems.push(`vote ${vote.id}: not in the audit log`);
      continue;
    }
    closed.delete(vote.id);
    if (logged.outcome !== vote.outcome) {
      problems.push(`vote ${vote.id}: outcome ${vote.outcome} but the log says ${logged.outcome}`);
    }
    // Option votes: the options, their counts, ranking and winner are checked too.
    const printed = {
      totals: vote.totals,
      byChannel: vote.byChannel,
      cast: vote.cast,
      options: vote.options ?? null,
    };
    // The record's text is normalised when built (option labels too); the log keeps the raw.
    const committed = normaliseDeep({
      totals: logged.tally.totals,
      byChannel: logged.tally.byChannel,
      cast: logged.tally.cast,
      options: logged.tally.options ?? null,
    });
    if (canonicalJson(printed) !== canonicalJson(committed)) {
      problems.push(`vote ${vote.id}: counts differ from the audit log`);
    }
  }
  for (const voteId of closed.keys()) {
    problems.push(`vote ${voteId}: in the audit log but missing from the record`);
  }

  if (!entries.some((e) => e.kind === 'meeting.closed')) {
    problems.push('the audit log does not record the meeting being closed');
  }
  const frozen = entries.find((e) => e.kind === 'minutes.frozen');
  if (!frozen) problems.push('the audit log does not commit to the minutes');
  else if (digestOf(frozen.data) !== minutesDigest(record.minutes)) {
    problems.push('minutes differ from the ones frozen at close');
  }
  return problems;
}

/**
 * Everything `verify-record` checks: the signature against the key the verifier trusts
 * (`pin`: fingerprint or public key), then the chain and the record's content against it.
 * Without the signature, a forger could recompute every hash of an edited chain.
 */
export function verifySignedRecord(record: MeetingRecord, pin: string): string[] {
  return [...signatureProblems(record, pin), ...verifyRecord(record)];
}
