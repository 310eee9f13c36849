import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The shaped link of the shaped-network scenario: wire.py (a userspace netem + tbf between
 * two TUN devices, because this machine's kernel has no netem) with the phones' namespace
 * behind it, and a UDP echo on the server's side to measure the link from the phones.
 * Names carry the bench's pid so parallel runs never collide.
 */
export interface WireStats {
  packets: number;
  bytes: number;
  lost: number;
  tail_dropped: number;
  delivered: number;
}

export interface Link {
  ns: string;
  serverAddress: string;
  phoneAddresses: string[];
  /** `shape <bit/s> <one-way ms> <loss> <queue bytes>` or `clean`. */
  set(command: string): Promise<void>;
  /** Packets and bytes each way so far: [phones → server, server → phones]. */
  stats(): Promise<[WireStats, WireStats]>;
  /** Spawns `node <args>` inside the phones' namespace. */
  spawnInside(args: string[], cwd: string, env?: NodeJS.ProcessEnv): ChildProcess;
  echo: { port: number };
  close(): Promise<void>;
}

/** Why namespaces cannot be made here, or null when they can. */
export function cannotShape(): string | null {
  if (process.getuid?.() !== 0) return 'not root: network namespaces need CAP_NET_ADMIN';
  if (!existsSync('/dev/net/tun')) return 'no /dev/net/tun';
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
    execFileSync('python3', ['-V'], { stdio: 'ignore' });
  } catch {
    return 'needs the `ip` tool (iproute2) and python3';
  }
  return null;
}

export async function openLink(phones: number, seed: number): Promise<Link> {
  const tag = `shaped${process.pid % 10_000}`;
  const octet = 100 + (process.pid % 100);
  const serverAddress = `198.19.${octet}.1`;
  const phoneAddresses = Array.from({ length: phones }, (_, i) => `198.18.${octet}.${i + 1}`);
  const wire = spawn(
    'python3',
    [
      path.join(import.meta.dirname, 'wire.py'),
      tag,
      `${tag}p`,
      `${tag}s`,
      serverAddress,
      `198.18.${octet}.0`,
      String(phones),
      String(seed),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: wire.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<void>((r) => wire.once('exit', () => r()));
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error('the wire stopped (see its error above)');
    return line.value;
  };
  const close = async () => {
    wire.stdin!.end();
    const timer = setTimeout(() => wire.kill('SIGTERM'), 3_000);
    await exited;
    clearTimeout(timer);
    // Belt and braces: wire.py deletes its namespace itself on any exit.
    try {
      execFileSync('ip', ['netns', 'del', tag], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  };
  if ((await next()) !== 'ready') {
    await close();
    throw new Error('the wire did not start');
  }
  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg, from) => {
    if (msg[0] === 0x70) udp.send(msg, from.port, from.address);
    else if (msg[0] === 0x62) {
      const chunk = Buffer.alloc(1000, 0x64);
      for (let i = 0; i < 300; i += 1) udp.send(chunk, from.port, from.address);
    }
  });
  await new Promise<void>((r) => udp.bind(0, serverAddress, r));
  return {
    ns: tag,
    serverAddress,
    phoneAddresses,
    async set(command) {
      wire.stdin!.write(`${command}\n`);
      if ((await next()) !== 'ok') throw new Error(`wire refused ${command}`);
    },
    async stats() {
      wire.stdin!.write('stats\n');
      const [, up, down] = (await next()).split(' ');
      return [JSON.parse(up!) as WireStats, JSON.parse(down!) as WireStats];
    },
    spawnInside(args, cwd, env) {
      return spawn('ip', ['netns', 'exec', tag, process.execPath, ...args], {
        cwd,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
    },
    echo: { port: (udp.address() as { port: number }).port },
    async close() {
      udp.close();
      await close();
    },
  };
}
