/**
 * The read-aloud synthesis: SSML (ssml.ts) on espeak-ng's stdin, its WAV piped into lame, an
 * MP3 out: 16 kHz mono at 24 kbit/s CBR (MPEG-2 layer III, which every phone browser plays;
 * ~3 KB a second of speech). Both programs are spawned with argument arrays, never a shell;
 * a run that takes too long or says too much is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ESPEAK_VOICES } from './ssml';

/** Why the clip cannot be made here. */
export type SpeechProblem = 'no-espeak' | 'no-pinyin-voice' | 'no-lame';

export interface EngineBins {
  espeak: string;
  lame: string;
}

export const SYNTH_LIMITS = {
  /** A run is killed after this long (the longest text, ~30 minutes of speech, takes ~7 s). */
  timeoutMs: 30_000,
  /** At most this much MP3 (~45 minutes; ssml.ts bounds the text to ~30). */
  maxBytes: 8 * 1024 * 1024,
} as const;

/** Espeak's speed in words (here: syllables) a minute; a little slower than its 175, for older ears. */
export const SPEED = 165;

export const ESPEAK_ARGS = [
  '-m',
  '-v',
  ESPEAK_VOICES.zh,
  '-s',
  String(SPEED),
  '--stdout',
  '--stdin',
];
export const LAME_ARGS = ['--quiet', '-m', 'm', '-b', '24', '--resample', '16', '-', '-'];

/** Runs a program to its end; resolves with its stdout, or null when it cannot run. */
function probe(bin: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk.slice(0, 10_000)));
    child.on('error', () => (clearTimeout(timer), resolve(null)));
    child.on('close', (code) => (clearTimeout(timer), resolve(code === 0 ? out : null)));
  });
}

/** What is missing for the clip, or null when espeak-ng, its pinyin voice and lame are all here. */
export async function checkEngine(bins: EngineBins): Promise<SpeechProblem | null> {
  const voices = await probe(bins.espeak, ['--voices=cmn']);
  if (voices === null) return 'no-espeak';
  if (!voices.includes(ESPEAK_VOICES.zh)) return 'no-pinyin-voice';
  if ((await probe(bins.lame, ['--version'])) === null) return 'no-lame';
  return null;
}

/** The one log line that says the clip is off and how to get it. */
export function speechUnavailableHint(problem: SpeechProblem, bins: EngineBins): string {
  const install = 'apt-get install espeak-ng lame (Debian 12 or later); see README "Read-aloud"';
  switch (problem) {
    case 'no-espeak':
      return `read-aloud clips unavailable (phones without a Chinese voice cannot read aloud): ${bins.espeak} not found; ${install}`;
    case 'no-pinyin-voice':
      return `read-aloud clips unavailable: ${bins.espeak} has no ${ESPEAK_VOICES.zh} voice (espeak-ng 1.51 or later has it); ${install}`;
    case 'no-lame':
      return `read-aloud clips unavailable: ${bins.lame} not found; ${install}`;
  }
}

/** Synthesises one clip; rejects on a failure, a timeout or an oversized result. */
export function synthesize(
  ssml: string,
  bins: EngineBins,
  timeoutMs: number = SYNTH_LIMITS.timeoutMs,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const espeak = spawn(bins.espeak, ESPEAK_ARGS, { stdio: ['pipe', 'pipe', 'ignore'] });
    const lame = spawn(bins.lame, LAME_ARGS, { stdio: ['pipe', 'pipe', 'ignore'] });
    const children: ChildProcess[] = [espeak, lame];
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err: Error | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
        reject(err);
      } else resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(() => finish(new Error('speech synthesis timed out')), timeoutMs);
    for (const child of children) {
      child.on('error', (err) => finish(err));
      child.stdin?.on('error', () => undefined);
    }
    espeak.stdout.pipe(lame.stdin);
    lame.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > SYNTH_LIMITS.maxBytes) finish(new Error('speech clip too large'));
      else chunks.push(chunk);
    });
    espeak.on('close', (code) => {
      if (code !== 0) finish(new Error(`espeak-ng exited with ${code}`));
    });
    lame.on('close', (code) => {
      if (code !== 0) finish(new Error(`lame exited with ${code}`));
      else if (size === 0) finish(new Error('empty speech clip'));
      else finish(null);
    });
    espeak.stdin.end(ssml, 'utf8');
  });
}
