import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { MeetingRecord } from '../../../shared/protocol';

const run = promisify(execFile);

/**
 * Runs `npm run verify-record` the way an auditor would: the record written to a file in
 * `dir`, the CLI in its own process. Resolves with its exit code and what it printed
 * (stdout when it passes, stderr when it does not).
 */
export async function verifyRecordCli(
  record: MeetingRecord,
  dir: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string }> {
  const file = path.join(dir, `record-${Math.random()}.json`);
  writeFileSync(file, JSON.stringify(record));
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'server/cli/verify-record.ts', file, ...args],
      { env: { ...process.env, ...env } },
    );
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, out: e.stderr };
  }
}
