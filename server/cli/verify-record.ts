import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { MeetingRecord } from '../../shared/protocol';
import { RecordSigner, SIGNING_KEY_FILE } from '../audit/signing';
import { verifySignedRecord } from '../audit/verify';

/**
 * npm run verify-record -- <record.json> [--key <fingerprint or public key>]
 * Offline: needs the exported JSON record and the key it must be signed with — the fingerprint
 * printed on the paper record or shown in the console. Without --key, the key of the
 * installation in DATA_DIR (or RECORD_KEY_FILE) is used when this machine has one.
 * Exit 0 when intact, 1 when altered or signed by another key, 2 on bad use.
 */
const usage = 'Usage: npm run verify-record -- <record.json> [--key <fingerprint | public key>]';
let file: string | undefined;
let pin: string | undefined;
try {
  const { values, positionals } = parseArgs({
    options: { key: { type: 'string' } },
    allowPositionals: true,
  });
  file = positionals[0];
  pin = values.key;
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
  process.exit(2);
}
if (!file) {
  console.error(usage);
  process.exit(2);
}
if (!pin) {
  const keyFile =
    process.env.RECORD_KEY_FILE ?? path.join(process.env.DATA_DIR ?? './data', SIGNING_KEY_FILE);
  pin = RecordSigner.read(keyFile)?.info.fingerprint;
  if (!pin) {
    console.error(
      `No trusted key: pass --key with the fingerprint printed on the record or shown in the console (no ${keyFile} here).`,
    );
    process.exit(2);
  }
}
let record: MeetingRecord;
try {
  record = JSON.parse(readFileSync(file, 'utf8')) as MeetingRecord;
} catch (err) {
  console.error(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
const problems = verifySignedRecord(record, pin);
if (problems.length === 0) {
  console.log(
    `OK: signed by ${record.signature!.fingerprint}; ${record.audit!.entries.length} audit entries intact, head ${record.audit!.headHash}`,
  );
} else {
  console.error(`ALTERED: ${problems.length} problem(s) in ${file}`);
  for (const problem of problems) console.error(`- ${problem}`);
  process.exitCode = 1;
}
