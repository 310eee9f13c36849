/**
 * Issue 12: a console shows account-level controls (create a meeting, manage accounts) from
 * the permissions the server sends with the account (`GET /auth/me`, login), never from a
 * role table of its own; and what it is told is what the server then enforces.
 */
import { describe, expect, it } from 'vitest';
import { AccountPermissions, type AccountSelf } from '../../shared/protocol';
import { ApiClient, staffUser } from './helpers/api';
import { useServer } from './helpers/fixture';

const fx = useServer();

const meetingBody = {
  title: '村道修缮议事会',
  topic: '村道',
  place: '村委会',
  level: 'village',
  date: '2026-11-22',
};

async function sees(api: ApiClient): Promise<AccountSelf['permissions']> {
  return AccountPermissions.parse((await api.ok<AccountSelf>('GET', '/auth/me')).permissions);
}

describe('account permissions sent to the console', () => {
  it('come with me and login, and match what the server allows', async () => {
    expect(await sees(fx.admin)).toEqual(['createMeetings', 'manageUsers']);
    const facilitator = await staffUser(
      fx.server.url,
      fx.admin,
      'zhang-facilitator',
      'facilitator',
    );
    const recorder = await staffUser(fx.server.url, fx.admin, 'liu-recorder', 'recorder');
    expect(await sees(facilitator)).toEqual(['createMeetings']);
    expect(await sees(recorder)).toEqual([]);

    const login = new ApiClient(fx.server.url);
    const answer = await login.ok<AccountSelf>('POST', '/auth/login', {
      username: 'liu-recorder',
      password: 'liu-recorder-password',
    });
    expect(answer.permissions).toEqual([]);

    expect((await facilitator.request('POST', '/meetings', meetingBody)).status).toBe(200);
    const refused = await recorder.request('POST', '/meetings', meetingBody);
    expect(refused.ack).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await facilitator.request('GET', '/users')).ack).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect((await fx.admin.request('GET', '/users')).ack).toMatchObject({ ok: true });
  });
});
