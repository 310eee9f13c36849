import { describe, expect, it } from 'vitest';
import type { MeetingAccess, TalliedVote, User } from '../../shared/protocol';
import { ApiClient, assignStaff, createLiveMeeting, join, staffUser } from './helpers/api';
import { useServer } from './helpers/fixture';
import { connectSocket, emitAck, recordingSocket, waitForEvent } from './helpers/realtime';

/**
 * Issue 10: the console shows controls from the permission set the server sends, computed
 * with the one `hasPermission`, instead of re-deriving it from roles (and getting it wrong).
 */
describe('console: permissions sent by the server', () => {
  const fx = useServer();

  const accessOf = async (api: ApiClient, code: string) =>
    api.request<MeetingAccess>('GET', `/meetings/${code}/access`);

  async function loggedIn(username: string, role: User['role']): Promise<ApiClient> {
    const user = await fx.admin.ok<User>('POST', '/users', {
      username,
      password: `${username}-password`,
      displayName: username,
      role,
    });
    const api = new ApiClient(fx.server.url);
    api.userId = user.id;
    await api.ok('POST', '/auth/login', { username, password: `${username}-password` });
    return api;
  }

  it('gives each principal exactly what the server then allows', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const other = await loggedIn('zhao-facilitator', 'facilitator');
    const teller = await loggedIn('qian-teller', 'recorder');
    const recorder = await loggedIn('sun-recorder', 'recorder');
    const admin2 = await loggedIn('li-admin', 'admin');
    await assignStaff(fx.admin, code, teller, 'teller');
    await assignStaff(fx.admin, code, recorder, 'recorder');

    const perms = async (api: ApiClient) => {
      const { ack } = await accessOf(api, code);
      if (!ack.ok) throw new Error(ack.code);
      return [...ack.data.permissions].sort();
    };
    // The meeting's facilitator (the admin who created it).
    expect(await perms(fx.admin)).toEqual(
      ['admit', 'assignStaff', 'audio', 'editDocs', 'facilitate', 'readDocs', 'tally'].sort(),
    );
    // A facilitator account opening someone else's meeting: nothing at all.
    expect(await perms(other)).toEqual([]);
    expect(await perms(teller)).toEqual(['admit', 'readDocs', 'tally']);
    expect(await perms(recorder)).toEqual(['admit', 'editDocs', 'readDocs', 'tally']);
    // An administrator not on the meeting's staff only assigns staff.
    expect(await perms(admin2)).toEqual(['assignStaff']);
    const { ack: roles } = await accessOf(teller, code);
    expect(roles).toMatchObject({
      ok: true,
      data: { userId: teller.userId, staffRoles: ['teller'] },
    });

    // The server refuses what the set leaves out, and allows what it holds.
    const { status, ack } = await other.request('PUT', `/meetings/${code}/current-item`, {
      itemId: null,
    });
    expect([status, ack.ok || ack.code]).toEqual([403, 'FORBIDDEN']);
    const tellerSocket = fx.track(
      await connectSocket(fx.server.url, { meetingCode: code, as: 'staff' }, teller.cookie),
    );
    expect(await emitAck(tellerSocket, 'meeting:nextItem', {})).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect((await admin2.request('GET', `/meetings/${code}/staff`)).ack.ok).toBe(true);
    expect((await admin2.request('GET', `/meetings/${code}/participants`)).ack).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });

    // Nobody logged in: no set at all.
    const anonymous = new ApiClient(fx.server.url);
    expect((await accessOf(anonymous, code)).ack).toMatchObject({
      ok: false,
      code: 'UNAUTHENTICATED',
    });
  });

  it('tells the teller who entered a hand count that a second person confirms it', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const teller = await staffUser(fx.server.url, fx.admin, 'zhou-teller');
    await assignStaff(fx.admin, code, teller, 'teller');
    await join(fx.server.url, code, '吴大爷');
    await join(fx.server.url, code, '郑阿姨');
    const facilitator = await fx.staffSocket(code);
    const tellerSocket = fx.track(
      await connectSocket(fx.server.url, { meetingCode: code, as: 'staff' }, teller.cookie),
    );
    const opened = await emitAck(facilitator, 'vote:open', {
      proposal: '同意修缮水渠',
      rule: 'simple_majority',
    });
    if (!opened.ok) throw new Error(opened.message);
    const entered = await emitAck(tellerSocket, 'vote:hallCount', {
      voteId: opened.data.id,
      counts: { agree: 1, oppose: 1, abstain: 0 },
    });
    if (!entered.ok) throw new Error(entered.message);
    // Who entered it travels with the pending entry: the console hides 确认 for that account.
    const pending = (entered.data as TalliedVote).hallPending;
    expect(pending?.enteredBy).toBe(teller.userId);
    expect(
      await emitAck(tellerSocket, 'vote:hallConfirm', {
        voteId: opened.data.id,
        entryId: pending!.id,
      }),
    ).toMatchObject({ ok: false, code: 'SAME_TELLER' });
    expect(
      await emitAck(facilitator, 'vote:hallConfirm', {
        voteId: opened.data.id,
        entryId: pending!.id,
      }),
    ).toMatchObject({ ok: true });
  });

  it('sends the set on the socket at connect and again when the staff change', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const code = meeting.code;
    const wu = await loggedIn('wu-staff', 'recorder');
    await assignStaff(fx.admin, code, wu, 'teller');
    const { socket, seen } = await recordingSocket(fx.server.url, code, 'staff', wu.cookie);
    const live = fx.track(socket);
    // The set comes with the connection, before the first room state.
    const hello = seen.find((e) => e.event === 'access:update')?.args[0];
    expect(hello).toEqual({
      userId: wu.userId,
      staffRoles: ['teller'],
      permissions: ['readDocs', 'tally', 'admit'],
    });
    const promoted = waitForEvent(live, 'access:update', (a) => a.permissions.includes('editDocs'));
    const staff = await fx.admin.ok<{ userId: string; role: string }[]>(
      'GET',
      `/meetings/${code}/staff`,
    );
    await fx.admin.ok('PUT', `/meetings/${code}/staff`, {
      assignments: staff.map(({ userId, role }) => ({
        userId,
        role: userId === wu.userId ? 'recorder' : role,
      })),
    });
    expect(await promoted).toEqual({
      userId: wu.userId,
      staffRoles: ['recorder'],
      permissions: ['editDocs', 'readDocs', 'tally', 'admit'],
    });
  });
});
