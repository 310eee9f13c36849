import type { Ack, JoinResult, Meeting, User } from '../../../shared/protocol';

/** A tiny REST client that keeps the session cookie like a browser would. */
export class ApiClient {
  cookie = '';
  bearer = '';
  /** The account's id, for staff clients made by staffUser(). */
  userId = '';

  constructor(readonly baseUrl: string) {}

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; ack: Ack<T> }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const res = await fetch(`${this.baseUrl}/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    return { status: res.status, ack: (await res.json()) as Ack<T> };
  }

  /** Like request(), but throws unless the answer is ok. */
  async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { status, ack } = await this.request<T>(method, path, body);
    if (!ack.ok) throw new Error(`${method} ${path} → ${status} ${ack.code}: ${ack.message}`);
    return ack.data;
  }
}

export const ADMIN = { username: 'admin', password: 'admin-password', displayName: '王主任' };

/** The first administrator, logged in. */
export async function adminClient(baseUrl: string): Promise<ApiClient> {
  const api = new ApiClient(baseUrl);
  await api.ok<User>('POST', '/setup', ADMIN);
  return api;
}

let meetingCounter = 0;
export async function createLiveMeeting(
  admin: ApiClient,
  agenda: string[] = ['电梯选址', '费用分摊'],
): Promise<{ meeting: Meeting; itemIds: string[] }> {
  meetingCounter += 1;
  const meeting = await admin.ok<Meeting>('POST', '/meetings', {
    title: `加装电梯协商会 ${meetingCounter}`,
    topic: '老旧小区加装电梯',
    place: '3号楼院坝',
    level: 'village',
    date: '2026-11-22',
  });
  const items = await admin.ok<{ id: string }[]>('POST', `/meetings/${meeting.code}/agenda`, {
    items: agenda.map((title) => ({ title, durationMin: 10 })),
  });
  // Staff act only on meetings they are assigned to (issue 9): the tellers made with
  // staffUser() count hands in every meeting made here.
  const tellers = tellersOf.get(admin.baseUrl) ?? [];
  if (tellers.length > 0) {
    await admin.ok('PUT', `/meetings/${meeting.code}/staff`, {
      assignments: [
        ...meeting.staff,
        ...tellers.map((userId) => ({ userId, role: 'teller' as const })),
      ],
    });
  }
  // These tests were written for meetings open to anyone with the code; the roster and the
  // waiting list have their own tests (tests/security/roster.test.ts).
  await admin.ok('PUT', `/meetings/${meeting.code}/settings`, { admission: 'open' });
  await admin.ok('POST', `/meetings/${meeting.code}/start`);
  await admin.ok('PUT', `/meetings/${meeting.code}/current-item`, { itemId: items[0]!.id });
  return { meeting, itemIds: items.map((i) => i.id) };
}

export async function join(
  baseUrl: string,
  code: string,
  name: string,
  attendance: 'room' | 'remote' = 'room',
): Promise<JoinResult & { api: ApiClient }> {
  const api = new ApiClient(baseUrl);
  const result = await api.ok<JoinResult>('POST', `/meetings/${code}/join`, { name, attendance });
  api.bearer = result.token;
  return { ...result, api };
}

/** A second staff account (a teller: 计票人), created by the admin and logged in. */
export async function staffUser(
  baseUrl: string,
  admin: ApiClient,
  username: string,
  role: 'facilitator' | 'recorder' = 'recorder',
): Promise<ApiClient> {
  const password = `${username}-password`;
  const user = await admin.ok<User>('POST', '/users', {
    username,
    password,
    displayName: username,
    role,
  });
  const api = new ApiClient(baseUrl);
  api.userId = user.id;
  await api.ok<User>('POST', '/auth/login', { username, password });
  tellersOf.set(baseUrl, [...(tellersOf.get(baseUrl) ?? []), user.id]);
  return api;
}

const tellersOf = new Map<string, string[]>();

/** Adds `staff` to the meeting's staff as `role` (issue 9: per-meeting staff). */
export async function assignStaff(
  admin: ApiClient,
  code: string,
  staff: ApiClient,
  role: 'facilitator' | 'recorder' | 'teller' = 'teller',
): Promise<void> {
  const current = await admin.ok<{ userId: string; role: string }[]>(
    'GET',
    `/meetings/${code}/staff`,
  );
  await admin.ok('PUT', `/meetings/${code}/staff`, {
    assignments: [
      ...current.map(({ userId, role: r }) => ({ userId, role: r })),
      { userId: staff.userId, role },
    ],
  });
}
