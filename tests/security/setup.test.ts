/** Finding 7: first-run setup raced; 20 parallel raw POST /api/setup must make one admin. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../integration/helpers/server';
import { rawRequest } from './helpers/raw';
import SQLite from 'better-sqlite3';
import path from 'node:path';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.dispose());

it('makes exactly one administrator from 20 parallel set-up requests', async () => {
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      rawRequest(
        server.url,
        'POST',
        '/api/setup',
        { 'Content-Type': 'application/json' },
        JSON.stringify({
          username: `admin${i}`,
          password: 'admin-password',
          displayName: `管理员${i}`,
        }),
      ),
    ),
  );
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  for (const a of answers.filter((x) => x.status === 409)) {
    expect(JSON.parse(a.body)).toMatchObject({ code: 'SETUP_DONE' });
  }
  const db = new SQLite(path.join(server.dataDir, 'yuanba.sqlite'), { readonly: true });
  const admins = db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin'").get() as {
    n: number;
  };
  db.close();
  expect(admins.n).toBe(1);
});
