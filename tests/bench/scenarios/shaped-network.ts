import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Vote } from '../../../shared/protocol';
import { adminClient, createLiveMeeting, type ApiClient } from '../../integration/helpers/api';
import { defineScenario, type Figure } from '../lib/scenario';
import { spawnServer } from '../lib/spawn-server';
import { now } from '../lib/workers';
import { TLS_DIR } from '../../../server/tls/store';
import { cannotShape, openLink, type Link } from '../shaped/net';
import type { PhoneSample } from '../shaped/phones';
import {
  linkFigures,
  summarise,
  traffic,
  voteFigures,
  type Probe,
  type RoundResult,
} from '../shaped/report';

/**
 * Issue 11: a courtyard's hotspot. 200 phones, each on its own address in a network
 * namespace behind a userspace wire (1.6 Mbit/s each way, 75 ms each way, 3 % random loss
 * each way, a 64 KB tail-drop buffer), join over HTTPS (the local CA, as on the LAN), hold the phone's own socket and ballot
 * logic, and all vote within 5 s. Every ballot must be acknowledged within 10 s, and stored
 * exactly once. Baseline: the same load through the same wire with no impairment. The server
 * runs as shipped (its per-address limits on: each phone has its own address, as on a hotspot).
 */
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const PHONES = 200;
const SPREAD_MS = 5_000;
/**
 * `<bit/s> <one-way ms> <loss each way> <buffer bytes> <shared|duplex>`; BENCH_SHAPED_LINK
 * overrides it to explore (e.g. `800000 150 0.1 64000 shared`). `shared`: up and down share
 * the 1.6 Mbit/s airtime, as on Wi-Fi; `duplex`: 1.6 Mbit/s each way, as netem + tbf would.
 */
const LINK = process.env.BENCH_SHAPED_LINK ?? '1600000 75 0.03 64000 shared';
const SHAPE = `shape ${LINK}`;

/**
 * The server as `npm start` runs it with HTTPS=on: on every address (phones on the LAN get the
 * local CA's certificate; the bench's admin stays on plain HTTP over loopback).
 */
function startServer(dataDir: string) {
  return spawnServer(['server/main.ts'], {
    PORT: '0',
    HOST: '0.0.0.0',
    HTTPS: 'on',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
  });
}

/** SIGTERM (a graceful stop lets its sockets drain), then SIGKILL after 10 s. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The phones' process inside the namespace, driven over IPC; it trusts the server's CA. */
function startPhones(link: Link, dataDir: string) {
  const child = link.spawnInside(
    [
      '--import',
      'tsx',
      '--import',
      './tests/bench/shaped/svelte-register.mjs',
      'tests/bench/shaped/phones.ts',
    ],
    repoRoot,
    { NODE_EXTRA_CA_CERTS: path.join(dataDir, TLS_DIR, 'ca.pem') },
  );
  let next = 0;
  const pending = new Map<number, (m: { result?: unknown; error?: string }) => void>();
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`phones process exited (${code})`)));
    child.on('message', (m: { ready?: true; id?: number; result?: unknown; error?: string }) => {
      if (m.ready) return resolve();
      pending.get(m.id!)?.(m);
      pending.delete(m.id!);
    });
  });
  return {
    ready,
    call<T>(cmd: string, args: Record<string, unknown> = {}) {
      return new Promise<T>((resolve, reject) => {
        next += 1;
        pending.set(next, (m) => (m.error ? reject(new Error(m.error)) : resolve(m.result as T)));
        child.send({ id: next, cmd, args });
      });
    },
    stop() {
      child.kill('SIGKILL');
    },
  };
}

async function round(
  phoneUrl: string,
  admin: ApiClient,
  link: Link,
  dataDir: string,
  seed: number,
  log: (m: string) => void,
): Promise<RoundResult> {
  const phones = startPhones(link, dataDir);
  try {
    await phones.ready;
    const { meeting } = await createLiveMeeting(admin, ['表决']);
    const before = await link.stats();
    const { connectMs } = await phones.call<{ connectMs: number }>('join', {
      url: phoneUrl,
      code: meeting.code,
      addresses: link.phoneAddresses,
    });
    const addresses = peerAddresses(link.serverAddress);
    const joined = await link.stats();
    log(`  joins + connects: ${traffic(before, joined)}`);
    const openedAt = now();
    const vote = await admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes`, {
      proposal: '同意修缮村道',
    });
    const { samples } = await phones.call<{ samples: PhoneSample[] }>('vote', {
      voteId: vote.id,
      openedAt,
      spreadMs: SPREAD_MS,
      seed,
    });
    log(`  the vote:         ${traffic(joined, await link.stats())}`);
    const votes = await admin.ok<Vote[]>('GET', `/meetings/${meeting.code}/votes`);
    const db = new Database(path.join(dataDir, 'yuanba.sqlite'), { readonly: true });
    const stored = db
      .prepare<[string], { rows: number; voters: number }>(
        'SELECT count(*) AS rows, count(DISTINCT participant_id) AS voters FROM ballots WHERE vote_id = ?',
      )
      .get(vote.id)!;
    db.close();
    await phones.call('close');
    return {
      samples,
      connectMs,
      addresses,
      stored,
      tallyCast: votes.find((v) => v.id === vote.id)!.tally.cast,
    };
  } finally {
    phones.stop();
  }
}

/** Distinct client addresses of the server's established TCP connections (as it sees them). */
function peerAddresses(serverAddress: string): number {
  const out = execFileSync('ss', ['-Htn', 'state', 'established', 'src', serverAddress]);
  const peers = out
    .toString()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).at(-1)?.replace(/:\d+$/, ''))
    .filter((a) => a?.startsWith('198.18.'));
  return new Set(peers).size;
}

async function probe(link: Link, dataDir: string): Promise<Probe> {
  const phones = startPhones(link, dataDir);
  try {
    await phones.ready;
    return await phones.call<Probe>('probe', {
      host: link.serverAddress,
      port: link.echo.port,
      from: link.phoneAddresses[0],
    });
  } finally {
    phones.stop();
  }
}

export default defineScenario({
  name: 'shaped-network',
  description: `${PHONES} phones on a 1.6 Mbit/s, 150 ms RTT, 3 % loss hotspot vote within 5 s; vs the same on a clean link`,
  gate: true,
  async run({ rounds, quick, log }) {
    const why = cannotShape();
    if (why) {
      log(`SKIPPED: ${why}`);
      return [];
    }
    const n = quick ? 1 : rounds;
    const link = await openLink(PHONES, 1_100);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'yuanba-shaped-'));
    let server: { url: string; child: ChildProcess } | null = null;
    // Ctrl-C: the wire, the server and the phones get the signal too and clean up after
    // themselves (wire.py deletes the namespace); only the data directory is ours to remove.
    const interrupted = () => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(130);
    };
    process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
    try {
      server = await startServer(dataDir);
      const admin = await adminClient(server.url);
      const phoneUrl = `https://${link.serverAddress}:${new URL(server.url).port}`;
      await link.set(SHAPE);
      const shapedProbe = await probe(link, dataDir);
      await link.set('clean');
      const cleanProbe = await probe(link, dataDir);
      const figures: Figure[] = linkFigures(shapedProbe, cleanProbe, log);
      const shaped: RoundResult[] = [];
      const clean: RoundResult[] = [];
      for (let r = 0; r < n; r += 1) {
        await link.set(SHAPE);
        shaped.push(await round(phoneUrl, admin, link, dataDir, 7 + r, log));
        log(`round ${r + 1} shaped: ${summarise(shaped.at(-1)!)}`);
        await link.set('clean');
        clean.push(await round(phoneUrl, admin, link, dataDir, 7 + r, () => undefined));
        log(`round ${r + 1} clean:  ${summarise(clean.at(-1)!)}`);
      }
      return [...figures, ...voteFigures(shaped, clean, PHONES)];
    } finally {
      process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
      if (server) await stopServer(server.child);
      await link.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});
