/**
 * A LAN address for tests: a veth pair whose far end lives in a network namespace made for
 * the test, the near end holding an address in 198.18.0.0/15 (the benchmark range: never a
 * real host). A server bound to it is reached from a non-loopback address, as a phone on the
 * hotspot reaches the laptop; nothing leaves this machine. Needs root (CI runs as root).
 */
import { execFileSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';

export interface TestLan {
  /** The host end's address: bind the server here, and browse to it. */
  address: string;
  /** Gives the host end one more address (a laptop that joins another network). */
  addAddress(): string;
  dispose(): void;
}

const ip = (...args: string[]) =>
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });

function freeSubnet(): number {
  const used = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) used.add(a.address.split('.').slice(0, 3).join('.'));
  }
  for (let i = 0; i < 256; i++) {
    const octet = (process.pid + i) % 256;
    if (!used.has(`198.18.${octet}`)) return octet;
  }
  throw new Error('no free /24 in 198.18.0.0/16');
}

/**
 * Makes the pair; `tag` names the test (kept short: interface names have 15 characters).
 * Throws when the machine does not allow it (not root, no netns support).
 */
export function makeTestLan(tag: string): TestLan {
  const id = `${tag}-${process.pid % 100_000}`;
  const ns = `${id}-ns`;
  const host = `${id}h`;
  const peer = `${id}p`;
  const octet = freeSubnet();
  const address = `198.18.${octet}.1`;
  const dispose = () => {
    for (const cleanup of [() => ip('link', 'del', host), () => ip('netns', 'del', ns)]) {
      try {
        cleanup();
      } catch {
        // already gone
      }
    }
  };
  try {
    ip('netns', 'add', ns);
    ip('link', 'add', host, 'type', 'veth', 'peer', 'name', peer);
    ip('link', 'set', peer, 'netns', ns);
    ip('addr', 'add', `${address}/24`, 'dev', host);
    ip('link', 'set', host, 'up');
    ip('-n', ns, 'addr', 'add', `198.18.${octet}.2/24`, 'dev', peer);
    ip('-n', ns, 'link', 'set', peer, 'up');
    ip('-n', ns, 'link', 'set', 'lo', 'up');
  } catch (err) {
    dispose();
    throw err;
  }
  let extra = 2;
  return {
    address,
    addAddress() {
      extra += 1;
      const more = `198.18.${octet}.${extra}`;
      ip('addr', 'add', `${more}/24`, 'dev', host);
      return more;
    },
    dispose,
  };
}

/** For a suite: the LAN, or a reason to skip — except on CI, where not making it fails. */
export function tryTestLan(tag: string): TestLan | string {
  try {
    return makeTestLan(tag);
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    return `cannot make a network namespace here: ${(err as Error).message}`;
  }
}
