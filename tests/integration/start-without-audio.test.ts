import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMeetingWithoutAudio } from './helpers/audio';
import type { TestSocket } from './helpers/realtime';

/**
 * `npm start` after an install that left mediasoup out (install-without-audio.test.ts): the
 * server runs from a copy of server/ and shared/ whose node_modules has every package of this
 * checkout but mediasoup, so Node's own resolver finds no mediasoup, as on that machine. No
 * worker is given either (MEDIASOUP_WORKER_BIN unset, no ../shared beside the copy).
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
const QR_BLOCKS = /[▀▄█]/;

interface Started {
  child: ChildProcess;
  lines: () => string[];
  output: () => string;
  url: string;
}

let copy: string;
const children: ChildProcess[] = [];
const sockets: TestSocket[] = [];

beforeAll(() => {
  copy = mkdtempSync(path.join(tmpdir(), 'yuanba-noaudio-'));
  // The server reads the read-aloud wording from the client's message files (one wording).
  for (const item of ['server', 'shared', 'client/src/i18n', 'package.json', 'tsconfig.json']) {
    cpSync(path.join(repoRoot, item), path.join(copy, item), { recursive: true });
  }
  const modules = path.join(repoRoot, 'node_modules');
  mkdirSync(path.join(copy, 'node_modules'));
  for (const name of readdirSync(modules)) {
    if (name === 'mediasoup') continue;
    symlinkSync(path.join(modules, name), path.join(copy, 'node_modules', name));
  }
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  // script(1) ends the server it runs on SIGTERM; a SIGKILL would leave the server running.
  await Promise.all(
    children.map(
      (child) =>
        new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done(null);
          child.once('exit', done);
          child.kill('SIGTERM');
        }),
    ),
  );
  rmSync(copy, { recursive: true, force: true });
});

function env(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('MEDIASOUP_')) out[key] = value;
  }
  return {
    ...out,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    STATIC_DIR: path.join(dataDir, 'no-client'),
    AUDIO_LISTEN_IP: '127.0.0.1',
    ...extra,
  };
}

/** Starts the copy as `npm start` does (after its build); `tty` runs it in a pseudo-terminal. */
function start(name: string, tty: boolean, extra: Record<string, string> = {}): Promise<Started> {
  const dataDir = path.join(copy, `data-${name}`);
  const command = `${process.execPath} --import tsx server/main.ts`;
  // script(1) gives the server a pseudo-terminal as stdout, like a person's terminal.
  const child = tty
    ? spawn('script', ['-qfec', command, '/dev/null'], { cwd: copy, env: env(dataDir, extra) })
    : spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: copy,
        env: env(dataDir, extra),
      });
  children.push(child);
  let output = '';
  const lines = () => output.split(/\r?\n/).filter((l) => l.startsWith('{'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${output}`)), 25_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      // In a terminal, wait for the banner printed after the listening line.
      if (match && (!tty || /Phones open[^\n]*\n[\s\S]*\n\s*\n/.test(output))) {
        clearTimeout(timer);
        resolve({ child, lines, output: () => output, url: match[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited (${code}):\n${output}`)));
  });
}

describe('npm start where npm left mediasoup out', () => {
  it('starts, says in one line how to get audio, and a meeting runs without it', async () => {
    const server = await start('plain', false);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    const logs = server.lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    const hints = logs.filter((l) => /audio/i.test(String(l.msg)) && Number(l.level) >= 40);
    expect(hints).toHaveLength(1);
    const hint = String(hints[0]!.msg);
    expect(hints[0]!.audio).toBe('no-module');
    expect(hint).toContain('audio unavailable');
    expect(hint).toContain('MEDIASOUP_WORKER_BIN=');
    expect(hint).toContain('MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL=');
    expect(hint).toContain('server/audio/build-worker.sh');
    expect(hint).not.toContain('\n');

    // The address phones open is logged; not a terminal, so no QR code in the log.
    const listening = logs.find((l) => l.msg === 'Yuanba is listening')!;
    expect(listening.phones).toBe(server.url);
    expect(server.output()).not.toMatch(QR_BLOCKS);

    await expectMeetingWithoutAudio(server.url, sockets);
  });

  it('in a terminal, prints the phone address, a QR code of it and the console once listening', async () => {
    // The address phones get (a laptop on a hotspot; PUBLIC_URL wins over the LAN address).
    const server = await start('tty', true, { PUBLIC_URL: 'http://192.168.43.17:3000' });
    const output = server.output();
    const listening = server
      .lines()
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'Yuanba is listening')!;
    expect(listening.phones).toBe('http://192.168.43.17:3000');
    expect(output).toContain(`Phones open:  ${String(listening.phones)}`);
    expect(output).toContain(`Console:    ${String(listening.url)}/console`);
    const banner = output.slice(output.indexOf('Phones open'));
    expect(banner).toMatch(QR_BLOCKS);
    // After the listening line, as the person at the laptop reads it.
    expect(output.indexOf('Yuanba is listening')).toBeLessThan(output.indexOf('Phones open'));
  });
});
