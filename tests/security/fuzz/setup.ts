import type { Vote } from '../../../shared/protocol';
import {
  adminClient,
  createLiveMeeting,
  join,
  type ApiClient,
} from '../../integration/helpers/api';
import type { FuzzTarget } from './run';

/** Per-socket budgets out of the way: the fuzzer aims at the handlers behind them (and at the
 * SFU signalling when a mediasoup worker is there). */
export const FUZZ_SERVER_ENV = {
  RATE_SOCKET_EVENTS_PER_SEC: '1000000',
  RATE_SOCKET_EVENTS_BURST: '1000000',
  RATE_SOCKET_IN_FLIGHT: '1000000',
  RATE_COLLAB_MESSAGES_PER_SEC: '1000000',
  RATE_COLLAB_MESSAGES_BURST: '1000000',
  // Every fuzz client is 127.0.0.1 (and polling handshakes pile up): floods.test covers these.
  RATE_CONNECTIONS_PER_ADDRESS: '1000000',
  RATE_HANDSHAKES_PER_ADDRESS_PER_MIN: '1000000',
  // REST lookups/joins/logins too: thousands of random codes from 127.0.0.1 would otherwise
  // lock the address out (tests/security/rate-limits.test.ts covers those limits).
  RATE_LIMIT_FACTOR: '0',
} as const;

/** A live meeting with a recorder, a resident and an open vote; every id the fuzzer may reuse. */
export async function fuzzTarget(url: string): Promise<{ target: FuzzTarget; admin: ApiClient }> {
  const admin = await adminClient(url);
  const { meeting, itemIds } = await createLiveMeeting(admin);
  const recorder = await join(url, meeting.code, '记录员');
  const resident = await join(url, meeting.code, '李大爷');
  await admin.ok('PATCH', `/meetings/${meeting.code}/participants/${recorder.participant.id}`, {
    role: 'recorder',
  });
  const vote = await admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes`, {
    proposal: '同意方案',
    rule: 'simple_majority',
  });
  return {
    admin,
    target: {
      url,
      code: meeting.code,
      adminCookie: admin.cookie,
      participantToken: resident.token,
      recorderToken: recorder.token,
      ids: [meeting.id, ...itemIds, recorder.participant.id, resident.participant.id, vote.id],
    },
  };
}
