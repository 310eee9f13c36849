import { readFileSync } from 'node:fs';
import { startBenchServer } from './lib/child';
import { joinParticipants, liveMeeting, split } from './lib/meeting';
import { sleep, startWorker } from './lib/workers';

/**
 * `node --import tsx tests/bench/profile-memory.ts [N] [settle-seconds]`: where our server's heap per
 * connection goes. Takes a heap snapshot of the real server with N participants joined but
 * not connected, another once they are connected, and prints the retained self sizes that
 * grew, by V8 type and constructor, per connection; with settle-seconds, once more after that
 * wait. Not part of `npm run bench`.
 */
interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

function sizesByKind(file: string): Map<string, { bytes: number; count: number }> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + typeAt!]!]!;
    const name = snap.strings[snap.nodes[i + nameAt!]!]!;
    const key = type === 'object' || type === 'closure' ? `${type} ${name}` : `(${type})`;
    const entry = out.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += snap.nodes[i + sizeAt!]!;
    entry.count += 1;
    out.set(key, entry);
  }
  return out;
}

const total = Number(process.argv[2] ?? 2_000);
const settleSeconds = Number(process.argv[3] ?? 0);
const server = await startBenchServer('ours');
const workers = [startWorker('sio-clients'), startWorker('sio-clients')];
try {
  const meeting = await liveMeeting(server.url);
  const auths = await joinParticipants(server.url, meeting.code, total);
  await sleep(1_000);
  const before = sizesByKind(await server.snapshot());
  const slices = split(auths, workers.length);
  await Promise.all(
    workers.map((w, i) => w.call('connect', { url: server.url, auths: slices[i] })),
  );
  await sleep(2_000);
  let after = sizesByKind(await server.snapshot());
  report(before, after, 'right after connecting');
  if (settleSeconds > 0) {
    // connectionStateRecovery keeps broadcast packets 2 minutes, swept once a minute.
    await sleep(settleSeconds * 1_000);
    after = sizesByKind(await server.snapshot());
    report(before, after, `${settleSeconds} s later`);
  }
} finally {
  await Promise.all(workers.map((w) => w.call('close').then(() => w.stop())));
  await server.stop();
}
process.exit(0);

function report(
  before: Map<string, { bytes: number; count: number }>,
  after: Map<string, { bytes: number; count: number }>,
  when: string,
): void {
  const rows = [...after]
    .map(([key, a]) => {
      const b = before.get(key) ?? { bytes: 0, count: 0 };
      return { key, bytes: (a.bytes - b.bytes) / total, count: (a.count - b.count) / total };
    })
    .sort((x, y) => y.bytes - x.bytes);
  const sum = rows.reduce((s, r) => s + r.bytes, 0);
  console.log(`heap growth per connection, ${when}: ${(sum / 1024).toFixed(1)} KB (N=${total})`);
  for (const r of rows.slice(0, 12))
    console.log(
      `${r.bytes.toFixed(0).padStart(7)} B  ${r.count.toFixed(1).padStart(6)}×  ${r.key}`,
    );
}
