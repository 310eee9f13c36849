import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDoc, connectSocket, emitAck, paragraph } from '../integration/helpers/realtime';
import { startChildServer, tempDataDir, type ChildServer } from '../integration/helpers/server';
import { Gen, seedFromEnv } from './fuzz/gen';
import { fuzzCollab, fuzzRest, fuzzSockets, type FuzzTarget } from './fuzz/run';
import { FUZZ_SERVER_ENV, fuzzTarget } from './fuzz/setup';
import { healthy } from './helpers/meeting';

/**
 * Bounded, seeded fuzzing (FUZZ_SEED=<n> replays a run) of socket events, collab frames and
 * REST bodies against a server in its own process. The longer run: `npm run bench -- fuzz`.
 */
const seed = seedFromEnv();
const dataDir = tempDataDir();
let server: ChildServer;
let target: FuzzTarget;
let exited = false;

beforeAll(async () => {
  console.log(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`);
  server = await startChildServer(dataDir, FUZZ_SERVER_ENV);
  server.process.once('exit', () => (exited = true));
  ({ target } = await fuzzTarget(server.url));
}, 30_000);
afterAll(async () => {
  if (!exited) await server.crash();
  rmSync(dataDir, { recursive: true, force: true });
});

const report = (what: string, violations: string[]) => {
  if (violations.length > 0)
    console.log(`${what}: ${violations.length} violations\n${violations.slice(0, 20).join('\n')}`);
};

describe(`fuzzing (seed ${seed})`, () => {
  it('socket events: every ack is ok or a known error code', async () => {
    const violations = await fuzzSockets(new Gen(seed), target, 1_500);
    report('socket', violations);
    expect(violations).toEqual([]);
    expect(await healthy(server.url)).toBe(true);
  }, 60_000);

  it('collab frames: the server stays up', async () => {
    const violations = await fuzzCollab(new Gen(seed + 1), target, 800, () => healthy(server.url));
    report('collab', violations);
    expect(violations).toEqual([]);
    expect(exited).toBe(false);
  }, 60_000);

  it('REST bodies: every error is JSON with a known code and a 4xx status', async () => {
    const violations = await fuzzRest(new Gen(seed + 2), target, 1_500);
    report('rest', violations);
    expect(violations).toEqual([]);
  }, 60_000);

  it('a normal client still works afterwards', async () => {
    expect(exited).toBe(false);
    expect(await healthy(server.url)).toBe(true);
    const phone = await connectSocket(server.url, {
      meetingCode: target.code,
      as: 'participant',
      token: target.participantToken,
    });
    const raised = await emitAck(phone, 'speakers:raise', { raised: true });
    phone.close();
    expect(raised.ok).toBe(true);
    const a = connectDoc(server.url, target.code, { cookie: target.adminCookie });
    const b = connectDoc(server.url, target.code, { cookie: target.adminCookie });
    await Promise.all([a.synced, b.synced]);
    a.doc.getXmlFragment('minutes').push([paragraph('模糊测试之后')]);
    const start = Date.now();
    while (!JSON.stringify(b.doc.getXmlFragment('minutes').toJSON()).includes('模糊测试之后')) {
      if (Date.now() - start > 5_000) throw new Error('doc no longer syncs after fuzzing');
      await new Promise((r) => setTimeout(r, 20));
    }
    a.destroy();
    b.destroy();
  });
});
