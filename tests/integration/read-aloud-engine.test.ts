import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkEngine, synthesize } from '../../server/speech/engine';
import { parseMp3 } from './helpers/mp3';

/**
 * The read-aloud engine (server/speech/engine.ts) against real and broken programs: a hung
 * espeak-ng is killed at the timeout with its lame, a failing one is an error, and a machine
 * without the programs or without the pinyin voice is told apart.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'yuanba-speech-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in espeak-ng: lists the pinyin voice (or not), then does `body`. */
function fakeEspeak(name: string, body: string, voice = 'cmn-latn-pinyin'): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    `#!/bin/sh\nif [ "$1" = "--voices=cmn" ]; then echo "5 ${voice} --/M"; exit 0; fi\n${body}\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

const childrenOf = (pid: number): string[] =>
  execFileSync('ps', ['-o', 'comm=', '--ppid', String(pid)], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && l !== 'ps');

describe('read-aloud engine', () => {
  it('finds the real espeak-ng with its pinyin voice and lame, and tells what is missing', async () => {
    expect(await checkEngine({ espeak: 'espeak-ng', lame: 'lame' })).toBeNull();
    expect(await checkEngine({ espeak: path.join(dir, 'none'), lame: 'lame' })).toBe('no-espeak');
    const old = fakeEspeak('old-espeak', 'exit 0', 'cmn');
    expect(await checkEngine({ espeak: old, lame: 'lame' })).toBe('no-pinyin-voice');
    expect(await checkEngine({ espeak: 'espeak-ng', lame: path.join(dir, 'none') })).toBe(
      'no-lame',
    );
  });

  it('makes an MP3 from SSML on stdin', async () => {
    const mp3 = await synthesize(
      '<speak><voice name="cmn-latn-pinyin">tong2 yi4.</voice></speak>',
      { espeak: 'espeak-ng', lame: 'lame' },
    );
    expect(parseMp3(mp3).durationSec).toBeGreaterThan(0.3);
  });

  it('kills a hung espeak-ng and its lame at the timeout', async () => {
    const hung = fakeEspeak('hung-espeak', 'exec sleep 60');
    const started = performance.now();
    await expect(synthesize('<speak/>', { espeak: hung, lame: 'lame' }, 300)).rejects.toThrow(
      /timed out/,
    );
    expect(performance.now() - started).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 100));
    expect(childrenOf(process.pid)).toEqual([]);
  });

  it('reports a failing espeak-ng as an error, not an empty clip', async () => {
    const broken = fakeEspeak('broken-espeak', 'echo nope >&2; exit 3');
    await expect(synthesize('<speak/>', { espeak: broken, lame: 'lame' })).rejects.toThrow(
      /exited with 3|empty/,
    );
  });
});
