import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { audioUnavailableHint, type AudioProblem } from '../../server/audio/hint';
import { phoneBanner } from '../../server/http/banner';

/** The text of a terminal drawing, without its colour codes. */
// eslint-disable-next-line no-control-regex
const plain = (terminal: string): string => terminal.replace(/\x1b\[[0-9;]*m/g, '');

/** Reads the modules back from a small terminal QR code (two modules per character). */
function modulesOf(terminal: string, size: number): boolean[] {
  const rows = plain(terminal).split('\n');
  const out: boolean[] = [];
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      // Row r draws modules 2r-1 (top half) and 2r (bottom half); column 0 is the margin.
      const char = [...rows[Math.floor((y + 1) / 2)]!][x + 1];
      out.push((y + 1) % 2 === 0 ? char === '█' || char === '▀' : char === '█' || char === '▄');
    }
  }
  return out;
}

describe('the start-up banner', () => {
  it('with HTTPS, names the trust page (plain http) under the phone address', async () => {
    const url = 'http://192.168.43.17:3000';
    const trust = 'http://192.168.43.17:3000/trust';
    const banner = await phoneBanner(url, 'http://127.0.0.1:3000', trust);
    expect(banner).toContain(`Phones open:  ${url}`);
    expect(plain(banner)).toContain(`trust the CA once:  ${trust}`);
    expect(await phoneBanner(url, 'http://127.0.0.1:3000')).not.toContain('/trust');
  });

  it('shows the phone address and a QR code that encodes exactly it', async () => {
    const url = 'http://192.168.43.17:3000';
    const banner = await phoneBanner(url, 'http://127.0.0.1:3000');
    expect(banner).toContain(`Phones open:  ${url}`);
    expect(banner).toContain('Console:    http://127.0.0.1:3000/console');
    const qr = banner.slice(banner.indexOf('\x1b['));
    const { modules } = QRCode.create(url, {});
    expect(modulesOf(qr, modules.size)).toEqual([...modules.data].map(Boolean));
    // Small enough for an 80×24 laptop terminal.
    const width = Math.max(
      ...plain(qr)
        .split('\n')
        .map((l) => [...l].length),
    );
    expect(width).toBeLessThanOrEqual(40);
  });
  it('says when the laptop has no network address yet', async () => {
    const lan = await phoneBanner('http://192.168.43.17:3000', 'http://127.0.0.1:3000');
    expect(lan).not.toContain('not on a network yet');
    const alone = await phoneBanner('http://127.0.0.1:3000', 'http://127.0.0.1:3000');
    expect(alone).toContain('not on a network yet');
    expect(alone).not.toContain('\x1b[');
  });
});

describe('the audio-unavailable hint', () => {
  const problems: AudioProblem[] = [
    'no-module',
    'load-failed',
    'no-worker',
    'worker-not-found',
    'worker-failed',
  ];
  it.each(problems)('%s: one line naming the three ways to get audio', (problem) => {
    const hint = audioUnavailableHint(problem, '3.19.3', '/opt/mediasoup-worker');
    expect(hint).not.toContain('\n');
    expect(hint).toMatch(/^audio unavailable, meetings run without it: /);
    expect(hint).toContain('MEDIASOUP_WORKER_BIN=/path/to/mediasoup-worker-3.19.3');
    expect(hint).toContain('MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL=');
    expect(hint).toContain('server/audio/build-worker.sh');
  });
  it('says to install again when npm left mediasoup out, and names a missing binary', () => {
    expect(audioUnavailableHint('no-module', '3.19.3', null)).toContain(
      'run npm install (and npm start) with MEDIASOUP_WORKER_BIN=',
    );
    expect(audioUnavailableHint('worker-not-found', '3.19.3', '/x/w')).toContain(
      'MEDIASOUP_WORKER_BIN=/x/w does not exist',
    );
  });
});
