import {
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { RecordSigner, SIGNING_KEY_FILE } from '../audit/signing';
import {
  BACKUP_MANIFEST,
  DB_FILE,
  SECRET_FILE,
  copyPrivate,
  countContents,
  integrityProblems,
  sha256File,
  withExclusiveLock,
} from '../storage/backup';

/**
 * npm run restore -- <backup directory | backup .sqlite file>
 * Puts a backup made by `npm run backup` back into DATA_DIR. Refuses while a server has the
 * database open (stop it first). What it replaces is kept beside it as
 * `<name>.before-restore-<time>`: the database (checkpointed into one file first), and the
 * secret and record-signing key when the backup brings different ones.
 * Exit 0 when restored, 1 when refused or failed, 2 on bad use.
 */
const usage = 'Usage: npm run restore -- <backup directory | yuanba.sqlite from a backup>';
const fail = (message: string, code = 1): never => {
  console.error(message);
  process.exit(code);
};

const given = process.argv[2];
if (!given || process.argv.length > 3) fail(usage, 2);
const from = given!;
if (!existsSync(from)) fail(`No backup at ${from}.\n${usage}`, 2);
// A directory from `npm run backup`, or only its database file (then no keys come with it).
const isDir = statSync(from).isDirectory();
const backupDir = isDir ? from : path.dirname(from);
const backupDb = isDir ? path.join(from, DB_FILE) : from;
if (!existsSync(backupDb)) fail(`No ${DB_FILE} in ${from}.`, 2);

// The backup first: its files as written (manifest), and a sound database.
const manifestFile = path.join(backupDir, BACKUP_MANIFEST);
const manifest =
  isDir && existsSync(manifestFile)
    ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as { sha256?: Record<string, string> })
    : null;
for (const [name, hash] of Object.entries(manifest?.sha256 ?? {})) {
  const file = path.join(backupDir, name);
  if (!existsSync(file) || sha256File(file) !== hash) {
    fail(`The backup is damaged: ${name} does not match its manifest. Nothing was changed.`);
  }
}
const problems = integrityProblems(backupDb);
if (problems.length > 0) {
  fail(`The backup database fails integrity_check; nothing was changed:\n${problems.join('\n')}`);
}

const dataDir = process.env.DATA_DIR ?? './data';
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const target = path.join(dataDir, DB_FILE);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const keep = (file: string): string => {
  const aside = `${file}.before-restore-${stamp}`;
  renameSync(file, aside);
  return aside;
};
const kept: string[] = [];

const incoming = `${target}.restoring`;
copyPrivate(backupDb, incoming);
/** Leftovers of the old file's WAL must not be read as the new file's. */
const dropWal = () => {
  for (const leftover of [`${target}-wal`, `${target}-shm`]) rmSync(leftover, { force: true });
};

if (existsSync(target)) {
  // A running server holds the file open: the exclusive lock is refused and nothing moves.
  // Held, it also makes a server starting meanwhile wait (and give up) rather than open the
  // old file, until the new one has replaced it in one rename.
  const aside = `${target}.before-restore-${stamp}`;
  const outcome = withExclusiveLock(target, (db) => {
    // Fold the WAL in, so the copy kept aside is one complete file.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    linkSync(target, aside);
    dropWal();
    renameSync(incoming, target);
  });
  if (outcome === 'in use') {
    rmSync(incoming, { force: true });
    fail(`A Yuanba server is using ${target}. Stop it, then run the restore again.`);
  }
  kept.push(aside);
} else {
  dropWal();
  renameSync(incoming, target);
}

/** Puts a key file from the backup in place, keeping a different one that was there. */
const restoreKey = (name: string, to: string): 'restored' | 'same' | 'absent' => {
  const file = path.join(backupDir, name);
  if (!isDir || !existsSync(file)) return 'absent';
  if (existsSync(to)) {
    if (sha256File(to) === sha256File(file)) return 'same';
    kept.push(keep(to));
  }
  mkdirSync(path.dirname(to), { recursive: true });
  copyPrivate(file, to);
  return 'restored';
};
const keyFile = process.env.RECORD_KEY_FILE ?? path.join(dataDir, SIGNING_KEY_FILE);
const key = restoreKey(SIGNING_KEY_FILE, keyFile);
const secret = restoreKey(SECRET_FILE, path.join(dataDir, SECRET_FILE));

const counts = countContents(target);
console.log(`Restored ${path.resolve(backupDb)} into ${path.resolve(target)}`);
console.log(
  `  ${counts.meetings} meetings, ${counts.votes} votes, ${counts.ballots} ballots, ${counts.records} signed records`,
);
const signer = RecordSigner.read(keyFile);
console.log(
  key === 'absent'
    ? `  the backup has no record-signing key: put the original at ${keyFile} (now ${signer ? signer.info.fingerprint : 'none'}); records already signed verify by their fingerprint either way.`
    : `  record-signing key ${signer?.info.fingerprint} (${key === 'same' ? 'unchanged' : 'restored'})`,
);
if (secret === 'absent' && !process.env.SECRET) {
  console.log(
    existsSync(path.join(dataDir, SECRET_FILE))
      ? '  the backup has no participant-link secret: the one already in DATA_DIR stays.'
      : '  the backup has no participant-link secret: a new one is made, personal join links must be sent again.',
  );
}
for (const file of kept) console.log(`  kept the previous ${path.basename(file)}`);
console.log('Start the server as usual.');
