import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Ack, TalliedVote } from '../../shared/protocol';
import { ApiClient, createLiveMeeting, join } from './helpers/api';
import { useServer } from './helpers/fixture';
import { mp3Rms, parseMp3 } from './helpers/mp3';

/**
 * The read-aloud clip (server/speech, issue 11) made for real with espeak-ng and lame: a phone
 * of the meeting gets an MP3 of the server's own reading of a vote, nobody else gets one, and
 * hostile paths, garbage and floods meet typed refusals and a bounded number of processes.
 */
const ctx = useServer();

interface Fetched {
  status: number;
  type: string | null;
  body: Buffer;
  headers: Headers;
  ms: number;
}

async function clip(url: string, token: string | null, headers: Record<string, string> = {}) {
  const started = performance.now();
  const res = await fetch(url, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  const body = Buffer.from(await res.arrayBuffer());
  const fetched: Fetched = {
    status: res.status,
    type: res.headers.get('content-type'),
    body,
    headers: res.headers,
    ms: performance.now() - started,
  };
  return fetched;
}

const ack = (f: Fetched): Ack<unknown> => JSON.parse(f.body.toString('utf8')) as Ack<unknown>;

/** A vote opened (and closed, unless `open`) in the meeting. */
async function vote(admin: ApiClient, code: string, proposal: string, open = false) {
  const v = await admin.ok<TalliedVote>('POST', `/meetings/${code}/votes`, {
    proposal,
    rule: 'simple_majority',
  });
  if (!open) await admin.ok('POST', `/meetings/${code}/votes/${v.id}/close`);
  return v;
}

/** Child processes of this process (the in-process server's espeak-ng and lame) by name. */
function children(name: string): number {
  const out = execFileSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((line) => line.trim() === name).length;
}

describe('read-aloud clip', () => {
  let code = '';
  let token = '';
  let base = '';
  let short = '';
  let long = '';

  it('makes an MP3 of the vote that a phone can play, not silence, longer for longer text', async () => {
    expect(ctx.server.speech.available).toBe(true);
    ({
      meeting: { code },
    } = await createLiveMeeting(ctx.admin));
    ({ token } = await join(ctx.server.url, code, '李大爷'));
    base = `${ctx.server.url}/api/meetings/${code}/votes`;
    short = (await vote(ctx.admin, code, '同意修桥')).id;
    long = (
      await vote(
        ctx.admin,
        code,
        '同意在3号楼东侧加装电梯，费用按楼层分摊，一楼不出钱，60%由政府补贴，银行贷款的利息由村里承担，工期2026年3月开始，预计90天完成。',
        true,
      )
    ).id;

    const a = await clip(`${base}/${short}/read-aloud`, token);
    expect(a.status).toBe(200);
    expect(a.type).toBe('audio/mpeg');
    expect(a.headers.get('cache-control')).toBe('private, no-cache');
    const info = parseMp3(a.body);
    expect(info).toMatchObject({ sampleRate: 16000, bitrate: 24, channels: 1 });
    // 表决事项：同意修桥。表决结果：通过。 — a few seconds.
    expect(info.durationSec).toBeGreaterThan(2);
    expect(info.durationSec).toBeLessThan(20);
    expect(mp3Rms(a.body)).toBeGreaterThan(0.03);

    const b = await clip(`${base}/${long}/read-aloud?lang=zh-CN`, token);
    const longInfo = parseMp3(b.body);
    expect(longInfo.durationSec).toBeGreaterThan(info.durationSec * 3);
    expect(mp3Rms(b.body)).toBeGreaterThan(0.03);
    // ~3 KB a second of speech: fine over a weak hotspot.
    expect(b.body.length / longInfo.durationSec).toBeLessThan(3200);

    const en = await clip(`${base}/${long}/read-aloud?lang=en`, token);
    expect(en.status).toBe(200);
    expect(parseMp3(en.body).durationSec).toBeGreaterThan(5);
    expect(en.body.equals(b.body)).toBe(false);
  });

  it('keeps the clip: the second request gives the same bytes without synthesis, 304 by ETag', async () => {
    const made = ctx.server.speech.clips.made;
    const first = await clip(`${base}/${long}/read-aloud`, token);
    const again = await clip(`${base}/${long}/read-aloud`, token);
    expect(again.body.equals(first.body)).toBe(true);
    expect(ctx.server.speech.clips.made).toBe(made);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const revalidated = await clip(`${base}/${long}/read-aloud`, token, { 'if-none-match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);
  });

  it('reads the vote as it stands: closing it changes the clip', async () => {
    const before = await clip(`${base}/${long}/read-aloud`, token);
    await ctx.admin.ok('POST', `/meetings/${code}/votes/${long}/close`);
    const after = await clip(`${base}/${long}/read-aloud`, token);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
  });

  it('refuses anyone who is not a participant of that meeting', async () => {
    const url = `${base}/${short}/read-aloud`;
    const none = await clip(url, null);
    expect([none.status, ack(none)]).toMatchObject([401, { ok: false, code: 'UNAUTHENTICATED' }]);
    const forged = await clip(url, `${token.slice(0, -4)}AAAA`);
    expect([forged.status, ack(forged)]).toMatchObject([401, { code: 'INVALID_TOKEN' }]);
    // A real participant of another meeting.
    const other = await createLiveMeeting(ctx.admin);
    const stranger = await join(ctx.server.url, other.meeting.code, '外人');
    const foreign = await clip(url, stranger.token);
    expect(ack(foreign)).toMatchObject({ ok: false, code: 'INVALID_TOKEN' });
    // ...nor can they name this meeting's vote under their own meeting.
    const crossed = `${ctx.server.url}/api/meetings/${other.meeting.code}/votes/${short}/read-aloud`;
    expect(ack(await clip(crossed, stranger.token))).toMatchObject({ code: 'VOTE_NOT_FOUND' });
  });

  it('answers garbage, traversal and huge codes with typed errors', async () => {
    const refuse = async (path: string, codeWanted: string) => {
      const f = await clip(`${ctx.server.url}/api${path}`, token);
      expect(f.type).toMatch(/json/);
      expect(ack(f)).toMatchObject({ ok: false, code: codeWanted });
    };
    await refuse(`/meetings/${code}/votes/${short}/read-aloud?lang=xx`, 'VALIDATION');
    await refuse(`/meetings/${code}/votes/${short}/read-aloud?lang=en&lang=zh-CN`, 'VALIDATION');
    await refuse(`/meetings/${code}/votes/%3Cscript%3E/read-aloud`, 'VALIDATION');
    await refuse(`/meetings/${code}/votes/..%2F..%2Fetc%2Fpasswd/read-aloud`, 'VALIDATION');
    await refuse(`/meetings/${code}/votes/${'x'.repeat(65)}/read-aloud`, 'VALIDATION');
    await refuse(`/meetings/${code}/votes/nonexistent-vote/read-aloud`, 'VOTE_NOT_FOUND');
    await refuse(`/meetings/${'9'.repeat(5000)}/votes/${short}/read-aloud`, 'MEETING_NOT_FOUND');
    // A raw path that no client would normalise: never a file, always a typed answer.
    const raw = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${ctx.server.url}/api/meetings/${code}/votes/../../../../etc/passwd/read-aloud`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      req.path = `/api/meetings/${code}/votes/../../../../etc/passwd/read-aloud`;
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject).end();
    });
    expect(raw.body).not.toMatch(/root:/);
    expect(raw.status).toBeGreaterThanOrEqual(400);
  });

  it('speaks hostile text as text: markup in a motion cannot reach espeak-ng as SSML', async () => {
    const evil = await vote(
      ctx.admin,
      code,
      '</voice></speak><audio src="/etc/passwd"/><prosody rate="x-slow">同意</prosody>&amp;&#0;',
    );
    const f = await clip(`${base}/${evil.id}/read-aloud`, token);
    expect(f.status).toBe(200);
    expect(parseMp3(f.body).durationSec).toBeLessThan(30);
  });

  it('makes clips one at a time under a flood, refusing past the queue with SPEECH_BUSY', async () => {
    const text = '同意在村口修建一座新桥，费用由村集体承担。'.repeat(15);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await vote(ctx.admin, code, `${i}号：${text}`)).id);
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, children('espeak-ng'))), 20);
    const results = await Promise.all(
      [...ids, ...ids].map((id, i) =>
        clip(`${base}/${id}/read-aloud?lang=${i < ids.length ? 'zh-CN' : 'en'}`, token),
      ),
    );
    clearInterval(sampler);
    const ok = results.filter((r) => r.status === 200);
    const busy = results.filter((r) => r.status === 503);
    expect(ok.length + busy.length).toBe(results.length);
    expect(ok.length).toBeGreaterThanOrEqual(8);
    for (const r of busy) {
      expect(ack(r)).toMatchObject({ code: 'SPEECH_BUSY' });
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    for (const r of ok) expect(parseMp3(r.body).durationSec).toBeGreaterThan(20);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(1);
    expect(children('espeak-ng') + children('lame')).toBe(0);
  });
});

describe('read-aloud clip without espeak-ng', () => {
  const bare = useServer({ env: { ESPEAK_BIN: '/nonexistent/espeak-ng' } });

  it('starts the server and refuses the clip with SPEECH_UNAVAILABLE', async () => {
    expect(bare.server.speech.available).toBe(false);
    const { meeting } = await createLiveMeeting(bare.admin);
    const { token } = await join(bare.server.url, meeting.code, '李大爷');
    const v = await vote(bare.admin, meeting.code, '同意修桥');
    const f = await clip(
      `${bare.server.url}/api/meetings/${meeting.code}/votes/${v.id}/read-aloud`,
      token,
    );
    expect([f.status, ack(f)]).toMatchObject([503, { ok: false, code: 'SPEECH_UNAVAILABLE' }]);
  });
});
