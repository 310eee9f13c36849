import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';
import { adminClient, staffUser, type ApiClient } from './api';
import { connectSocket, type TestSocket } from './realtime';
import { startTestServer, tempDataDir, type TestServer } from './server';

export interface ServerFixture {
  readonly server: TestServer;
  /** The first administrator, logged in. */
  readonly admin: ApiClient;
  /** A second staff account (a teller), when asked for. */
  readonly teller: ApiClient;
  /** Closes the socket when the file's tests are done. */
  track(socket: TestSocket): TestSocket;
  staffSocket(code: string): Promise<TestSocket>;
  phone(code: string, token: string): Promise<TestSocket>;
  screen(code: string): Promise<TestSocket>;
  /** Read-only look at the server's SQLite file, as an auditor with a copy of it would have. */
  inspectDb(): SQLite.Database;
}

/**
 * One real server per test file (port 0, temporary SQLite), its administrator logged in,
 * every tracked socket closed and the server removed afterwards.
 */
export function useServer(
  options: { teller?: boolean; env?: Record<string, string> } = {},
): ServerFixture {
  let server: TestServer | undefined;
  let admin: ApiClient | undefined;
  let teller: ApiClient | undefined;
  const sockets: TestSocket[] = [];
  const track = (socket: TestSocket) => (sockets.push(socket), socket);
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is only there inside the tests`);
    return value;
  };

  beforeAll(async () => {
    server = await startTestServer(tempDataDir(), options.env);
    admin = await adminClient(server.url);
    if (options.teller) teller = await staffUser(server.url, admin, 'teller');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.dispose();
  });

  return {
    get server() {
      return need(server, 'server');
    },
    get admin() {
      return need(admin, 'admin');
    },
    get teller() {
      return need(teller, 'teller (useServer({ teller: true }))');
    },
    track,
    staffSocket: (code) =>
      connectSocket(
        need(server, 'server').url,
        { meetingCode: code, as: 'staff' },
        need(admin, 'admin').cookie,
      ).then(track),
    phone: (code, token) =>
      connectSocket(need(server, 'server').url, {
        meetingCode: code,
        as: 'participant',
        token,
      }).then(track),
    screen: (code) =>
      connectSocket(need(server, 'server').url, { meetingCode: code, as: 'screen' }).then(track),
    inspectDb: () =>
      new SQLite(path.join(need(server, 'server').dataDir, 'yuanba.sqlite'), {
        readonly: true,
        fileMustExist: true,
      }),
  };
}
