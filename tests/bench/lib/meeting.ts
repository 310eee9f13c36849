import { adminClient, createLiveMeeting, type ApiClient } from '../../integration/helpers/api';
import type { JoinResult } from '../../../shared/protocol';
import { PROTOCOL_VERSION } from '../../../shared/protocol';
import { pool } from './workers';

export interface BenchMeeting {
  admin: ApiClient;
  code: string;
  itemIds: string[];
}

/** A started meeting on our server, with its administrator logged in. */
export async function liveMeeting(url: string, admin?: ApiClient): Promise<BenchMeeting> {
  const api = admin ?? (await adminClient(url));
  const { meeting, itemIds } = await createLiveMeeting(api, ['电梯选址', '费用分摊', '施工安排']);
  return { admin: api, code: meeting.code, itemIds };
}

/** Joins `count` participants over REST (as phones do) and returns their socket auths. */
export async function joinParticipants(
  url: string,
  code: string,
  count: number,
): Promise<Record<string, unknown>[]> {
  const names = Array.from({ length: count }, (_, i) => `村民${i + 1}`);
  return pool(names, 16, async (name) => {
    const res = await fetch(`${url}/api/meetings/${code}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, attendance: 'room' }),
    });
    const ack = (await res.json()) as { ok: boolean; data: JoinResult; message?: string };
    if (!ack.ok) throw new Error(`join failed: ${ack.message}`);
    return {
      protocolVersion: PROTOCOL_VERSION,
      meetingCode: code,
      as: 'participant',
      token: ack.data.token,
    };
  });
}

/** Splits `items` into `parts` nearly equal slices. */
export function split<T>(items: T[], parts: number): T[][] {
  return Array.from({ length: parts }, (_, p) =>
    items.slice(
      Math.floor((p * items.length) / parts),
      Math.floor(((p + 1) * items.length) / parts),
    ),
  );
}
