import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** MPEG audio frames, read header by header: what a phone's decoder would find. */
export interface Mp3Info {
  frames: number;
  sampleRate: number;
  /** kbit/s of the first frame. */
  bitrate: number;
  channels: number;
  durationSec: number;
}

const BITRATES = {
  v1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const RATES = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** Walks layer III frames from the start (after an ID3v2 tag); throws on a broken header. */
export function parseMp3(buf: Buffer): Mp3Info {
  let pos = 0;
  if (buf.subarray(0, 3).toString('latin1') === 'ID3') {
    pos = 10 + ((buf[6]! << 21) | (buf[7]! << 14) | (buf[8]! << 7) | buf[9]!);
  }
  let frames = 0;
  let samples = 0;
  let first: Omit<Mp3Info, 'frames' | 'durationSec'> | null = null;
  while (pos + 4 <= buf.length) {
    const h = buf.readUInt32BE(pos);
    if (h >>> 21 !== 0x7ff) throw new Error(`no frame sync at byte ${pos}`);
    const version = (h >>> 19) & 3;
    const layer = (h >>> 17) & 3;
    if (layer !== 1 || version === 1) throw new Error(`not MPEG layer III at byte ${pos}`);
    const bitrate = (version === 3 ? BITRATES.v1 : BITRATES.v2)[(h >>> 12) & 15];
    const sampleRate = RATES[version as 0 | 2 | 3][(h >>> 10) & 3];
    if (!bitrate || !sampleRate) throw new Error(`bad bitrate or rate at byte ${pos}`);
    const padding = (h >>> 9) & 1;
    const perFrame = version === 3 ? 1152 : 576;
    const length = Math.floor(((perFrame / 8) * bitrate * 1000) / sampleRate) + padding;
    first ??= { sampleRate, bitrate, channels: ((h >>> 6) & 3) === 3 ? 1 : 2 };
    frames++;
    samples += perFrame;
    pos += length;
  }
  if (!first) throw new Error('no MPEG frame');
  return { ...first, frames, durationSec: samples / first.sampleRate };
}

/** The clip decoded (lame --decode) and its RMS amplitude, 0…1: silence is ~0. */
export function mp3Rms(mp3: Buffer): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'yuanba-mp3-'));
  const file = path.join(dir, 'clip.mp3');
  writeFileSync(file, mp3);
  const out = spawnSync('lame', ['--quiet', '--decode', file, '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  rmSync(dir, { recursive: true, force: true });
  if (out.status !== 0) throw new Error(`lame --decode failed: ${String(out.stderr)}`);
  const wav = out.stdout;
  const data = wav.indexOf('data', 12, 'latin1') + 8;
  let sum = 0;
  let n = 0;
  for (let i = data; i + 1 < wav.length; i += 2) {
    const s = wav.readInt16LE(i) / 32768;
    sum += s * s;
    n++;
  }
  return Math.sqrt(sum / Math.max(1, n));
}
