import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type CDPSession } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/chromium';
import { join } from '../../integration/helpers/api';
import { startBenchServer } from '../lib/child';
import { breakdown, gzSize } from '../lib/js-size';
import { liveMeeting } from '../lib/meeting';
import { defineScenario } from '../lib/scenario';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/**
 * A separate build with hidden source maps, so dist/client is left alone. Not under a dot
 * folder: express's static `send` answers 404 for paths with dot segments.
 */
const outDir = path.join(tmpdir(), 'yuanba-bench-client');
/** The issue's phone: 150 ms RTT, 1.6 Mbit/s down, ~750 kbit/s up, 4× CPU slowdown. */
const NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: 1_600_000 / 8,
  uploadThroughput: 750_000 / 8,
};

/** Runs in the page from its first byte: notes when a 同意 button is visible and enabled. */
const USABLE_PROBE = `(() => {
  const check = () => {
    for (const b of document.querySelectorAll('button')) {
      if (b.textContent.includes('同意') && !b.disabled && b.getClientRects().length > 0) {
        window.__usableAt = performance.now();
        observer.disconnect();
        return;
      }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})();`;

const BASELINE_PAGE =
  '<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
  '<title>投票</title><button>同意</button>';

async function throttled(browser: Browser, url: string, initScript: string) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    locale: 'zh-CN',
  });
  await context.addInitScript(initScript);
  await context.addInitScript(USABLE_PROBE);
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const scripts = new Map<string, string>();
  const transferred = new Map<string, number>();
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script') scripts.set(e.requestId, e.response.url);
  });
  // The request waterfall, to say where the time to a usable ballot goes.
  const requests = new Map<string, { url: string; start: number; end?: number }>();
  let lastActivity = Date.now();
  cdp.on('Network.requestWillBeSent', (e) => {
    lastActivity = Date.now();
    requests.set(e.requestId, { url: `${e.request.method} ${e.request.url}`, start: e.timestamp });
  });
  cdp.on('Network.webSocketCreated', (e) => {
    requests.set(e.requestId, { url: `WS ${e.url}`, start: waterfallClock() });
  });
  cdp.on('Network.webSocketHandshakeResponseReceived', (e) => {
    const ws = requests.get(e.requestId);
    if (ws) ws.end = e.timestamp;
  });
  let lastTimestamp = 0;
  const waterfallClock = () => lastTimestamp;
  cdp.on('Network.dataReceived', (e) => (lastTimestamp = e.timestamp));
  cdp.on('Network.loadingFinished', (e) => {
    lastActivity = Date.now();
    transferred.set(e.requestId, e.encodedDataLength);
    const request = requests.get(e.requestId);
    if (request) request.end = e.timestamp;
    lastTimestamp = e.timestamp;
  });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => '__usableAt' in window, null, { timeout: 60_000 });
  const usableMs = await page.evaluate(
    () => (window as unknown as { __usableAt: number }).__usableAt,
  );
  // Count what the page goes on to load too (cards loaded on demand, etc.): wait for 1.5 s
  // without a request, so nothing deferred past the usable moment escapes the budget.
  const idleSince = Date.now();
  while (Date.now() - lastActivity < 1_500 && Date.now() - idleSince < 15_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const js = [...scripts].map(([id, src]) => ({ url: src, transferred: transferred.get(id) ?? 0 }));
  await context.close();
  const origin = Math.min(...[...requests.values()].map((r) => r.start));
  const waterfall = [...requests.values()]
    .sort((a, b) => a.start - b.start)
    .map((r) => {
      const at = (t: number | undefined) =>
        t === undefined ? '…' : ((t - origin) * 1000).toFixed(0);
      const where = r.url
        .replace(/^(\w+ )[a-z]+:\/\/[^/]+/, '$1')
        .replace(/[?&](t|sid|EIO)=[^&]*/g, '');
      return `${at(r.start).padStart(5)} → ${at(r.end).padStart(5)} ms  ${where.slice(0, 90)}`;
    });
  return { usableMs, js, waterfall };
}

/**
 * Why the voter page is not under the 35 KB gz goal (issue 11, measured with this scenario's
 * "estimated gz KB by source" on 2026-11-30: 47.2 KB after the issue-11 cuts, from 49.4): the
 * Svelte 5 client runtime alone is 20.7 KB gz and the phone's Chinese messages 4.3 KB
 * (zh-CN.json, once the hall-screen, home, field-error, editor and staff-only error messages
 * moved to lazy bundles), which leaves the goal 10 KB for everything else. Everything else is
 * 22.2 KB: our client/src/lib 6.2 (socket, stores, API), pages 4.2 (the phone's cards),
 * components 2.3, the i18n store and ICU parser 1.8, shared 1.7, App, router and main 1.4,
 * bundler glue ~4.5. The runtime parts only staff pages use (form bindings, ~1.4 KB) stay in
 * the core chunk because the `core` group captures the whole `svelte/internal/client` barrel.
 * Reaching 35 KB would take a smaller runtime on the phone than Svelte's, not more lazy loading.
 * Later the same day 48.1 KB: +0.8 for working offline (the service worker's registration, the
 * kept room state and queued answers) and +0.15 for resending a ballot on a stalled link, with
 * the voice check moved into the lazy read-aloud chunk (-0.25); time to a usable ballot 1.1 s.
 * Then 48.6 KB: +0.5 for moving itself to https:// when the phone trusts the laptop's CA
 * (lib/secure-upgrade.ts, in the core chunk because it must run before the app reads storage).
 *
 * Issue 5, scenario 4: what a voter's phone downloads to join and vote, and how long until
 * the ballot is usable under the issue's throttling. The JS list is what Chromium actually
 * requested on /m/<code> until the network went quiet; sizes are gzip -9 of each file (what a compressing proxy or server
 * would send). Baseline: a static page with one 同意 button, same throttling.
 */
export default defineScenario({
  name: 'phone-budget',
  description: 'voter JS (gz) and time to a usable ballot at 150 ms RTT, 1.6 Mbit/s, 4× CPU',
  async run({ rounds, log }) {
    const build = spawnSync(
      'npx',
      [
        'vite',
        'build',
        '--outDir',
        outDir,
        '--emptyOutDir',
        '--sourcemap',
        'hidden',
        '--logLevel',
        'warn',
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    if (build.status !== 0) throw new Error(`vite build failed:\n${build.stderr}`);
    const server = await startBenchServer('ours', { BENCH_STATIC_DIR: outDir });
    const bare = createServer((_req, res) =>
      res.setHeader('content-type', 'text/html').end(BASELINE_PAGE),
    );
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
    const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
    try {
      const meeting = await liveMeeting(server.url);
      await meeting.admin.ok('POST', `/meetings/${meeting.code}/votes`, {
        proposal: '同意在3号楼东侧加装电梯',
      });
      const usable: number[] = [];
      const baseline: number[] = [];
      let js: { url: string; transferred: number }[] = [];
      let waterfall: string[] = [];
      for (let round = 0; round < rounds; round += 1) {
        // An already-joined participant: the identity the join form would have stored.
        const me = await join(server.url, meeting.code, `村民${round}`);
        const identity = JSON.stringify({ token: me.token, participant: me.participant });
        const seed = `localStorage.setItem('yb:participant:${meeting.code}', ${JSON.stringify(identity)});`;
        const ours = await throttled(browser, `${server.url}/m/${meeting.code}`, seed);
        usable.push(ours.usableMs);
        js = ours.js;
        waterfall = ours.waterfall;
        baseline.push((await throttled(browser, bareUrl, '')).usableMs);
        log(
          `round ${round + 1}: ours ${ours.usableMs.toFixed(0)} ms, baseline ${baseline.at(-1)!.toFixed(0)} ms`,
        );
      }
      const files = js.map((f) => path.join(outDir, new URL(f.url).pathname));
      const gz = files.map((f) => gzSize(readFileSync(f)));
      const shares = new Map<string, number>();
      for (const file of files)
        for (const [source, bytes] of breakdown(file))
          shares.set(source, (shares.get(source) ?? 0) + bytes);
      log(
        `JS on /m/<code>: ${js.map((f, i) => `${path.basename(f.url)} ${(gz[i]! / 1024).toFixed(1)} KB gz`).join(', ')}`,
      );
      log(
        `sent uncompressed by our server: ${(js.reduce((a, f) => a + f.transferred, 0) / 1024).toFixed(1)} KB`,
      );
      log(`waterfall of the last round (usable at ${usable.at(-1)!.toFixed(0)} ms):`);
      for (const row of waterfall) log(`  ${row}`);
      log('estimated gz KB by source:');
      for (const [source, bytes] of [...shares].sort((a, b) => b[1] - a[1]).slice(0, 14))
        log(`  ${source.padEnd(34)} ${(bytes / 1024).toFixed(1)}`);
      const total = gz.reduce((a, b) => a + b, 0) / 1024;
      return [
        {
          name: 'voter JS, all chunks on /m/<code>',
          unit: 'KB gz',
          ours: [total],
          goal: '≤ 35 KB gz',
        },
        { name: 'time to usable ballot', unit: 'ms', ours: usable, baseline, goal: '≤ 2500 ms' },
      ];
    } finally {
      await browser.close();
      bare.close();
      await server.stop();
    }
  },
});
