import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/protocol';
import { ApiClient } from './helpers/api';
import { startTestServer, tempDataDir, type TestServer } from './helpers/server';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const dataDir = tempDataDir();
let server: TestServer | null = null;
afterAll(() => server?.dispose());

const createAdmin = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'server/cli/create-admin.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir },
  });

describe('npm run create-admin', () => {
  it('creates the first administrator on a fresh install, who can then log in', async () => {
    const { stdout } = await createAdmin('laowang', 'a-long-password', '王', '主任');
    expect(stdout).toContain('Created administrator laowang');
    await expect(createAdmin('laowang', 'another-password')).rejects.toMatchObject({ code: 1 });
    await expect(createAdmin('x', 'short')).rejects.toMatchObject({ code: 2 });

    server = await startTestServer(dataDir);
    const api = new ApiClient(server.url);
    expect(await api.ok('GET', '/setup')).toEqual({ needsSetup: false });
    const user = await api.ok<User>('POST', '/auth/login', {
      username: 'laowang',
      password: 'a-long-password',
    });
    expect(user).toMatchObject({ role: 'admin', displayName: '王 主任' });
  });
});
