import { readFileSync } from 'node:fs';
import type { MeetingRecord } from '../../shared/protocol';
import { verifyRecord } from '../audit/verify';

/**
 * npm run verify-record -- <record.json>
 * Offline: needs only the exported JSON record. Exit 0 when intact, 1 when altered, 2 on bad use.
 */
const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run verify-record -- <record.json>');
  process.exit(2);
}
let record: MeetingRecord;
try {
  record = JSON.parse(readFileSync(file, 'utf8')) as MeetingRecord;
} catch (err) {
  console.error(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
const problems = verifyRecord(record);
if (problems.length === 0) {
  console.log(
    `OK: ${record.audit!.entries.length} audit entries intact, head ${record.audit!.headHash}`,
  );
} else {
  console.error(`ALTERED: ${problems.length} problem(s) in ${file}`);
  for (const problem of problems) console.error(`- ${problem}`);
  process.exitCode = 1;
}
