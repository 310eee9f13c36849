import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RecordSigner, SIGNING_KEY_FILE } from '../audit/signing';
import {
  BACKUP_MANIFEST,
  DB_FILE,
  SECRET_FILE,
  copyPrivate,
  countContents,
  integrityProblems,
  sha256File,
  snapshotDatabase,
} from '../storage/backup';

/**
 * npm run backup [-- --out <dir>] [--no-key]
 * Safe while meetings run: the server keeps writing while SQLite copies a consistent snapshot
 * (VACUUM INTO, see storage/backup.ts). Writes a new directory, mode 700, holding
 *   yuanba.sqlite              the database, one self-contained file
 *   secret                     the key of participants' personal links (when generated)
 *   record-signing-key.pem     the record-signing key (unless --no-key)
 *   manifest.json              when, what, sha256 of each file
 * `--out` an existing directory: the backup goes into a new dated directory inside it;
 * otherwise `--out` is the backup directory itself and must not exist. Default ./backups.
 * Exit 0 when written and checked, 1 when it failed, 2 on bad use.
 */
const usage = 'Usage: npm run backup [-- --out <directory>] [--no-key]';
let out: string;
let withKey: boolean;
try {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, 'no-key': { type: 'boolean' } },
  });
  out = values.out ?? 'backups';
  withKey = !values['no-key'];
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
  process.exit(2);
}

const dataDir = process.env.DATA_DIR ?? './data';
const source = path.join(dataDir, DB_FILE);
if (!existsSync(source)) {
  console.error(`No database at ${source}: set DATA_DIR to the server's data directory.`);
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const dir =
  existsSync(out) && statSync(out).isDirectory() ? path.join(out, `yuanba-backup-${stamp}`) : out;
if (existsSync(dir)) {
  console.error(`${dir} already exists; a backup never overwrites one.`);
  process.exit(2);
}

try {
  const started = Date.now();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const dbCopy = path.join(dir, DB_FILE);
  await snapshotDatabase(source, dbCopy);
  const problems = integrityProblems(dbCopy);
  if (problems.length > 0) throw new Error(`integrity_check failed:\n${problems.join('\n')}`);
  const files = [DB_FILE];

  const secret = path.join(dataDir, SECRET_FILE);
  if (existsSync(secret)) {
    copyPrivate(secret, path.join(dir, SECRET_FILE));
    files.push(SECRET_FILE);
  }
  const keyFile = process.env.RECORD_KEY_FILE ?? path.join(dataDir, SIGNING_KEY_FILE);
  const signer = RecordSigner.read(keyFile);
  if (withKey && signer) {
    copyPrivate(keyFile, path.join(dir, SIGNING_KEY_FILE));
    files.push(SIGNING_KEY_FILE);
  }
  const counts = countContents(dbCopy);
  const manifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    dataDir: path.resolve(dataDir),
    counts,
    signingKey: signer ? { fingerprint: signer.info.fingerprint, included: withKey } : null,
    sha256: Object.fromEntries(files.map((f) => [f, sha256File(path.join(dir, f))])),
  };
  writeFileSync(path.join(dir, BACKUP_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, {
    mode: 0o600,
  });

  const size = statSync(dbCopy).size;
  console.log(
    `Backup written to ${path.resolve(dir)} (integrity_check ok, ${Date.now() - started} ms)`,
  );
  console.log(
    `  ${counts.meetings} meetings, ${counts.votes} votes (${counts.secretVotes} secret), ${counts.ballots} ballots, ${counts.records} signed records; database ${(size / 1024).toFixed(0)} KiB`,
  );
  console.log(
    !signer
      ? '  no record-signing key yet (the server creates it at its first start).'
      : withKey
        ? `  record-signing key ${signer.info.fingerprint} included: keep this backup private.`
        : `  record-signing key ${signer.info.fingerprint} NOT included: keep ${keyFile} safe separately.`,
  );
  if (process.env.SECRET) {
    console.log(
      '  SECRET is set in the environment: keep it with your configuration, it is not here.',
    );
  }
} catch (err) {
  console.error(`Backup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
