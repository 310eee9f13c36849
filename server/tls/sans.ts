/**
 * Which names the laptop's certificate covers, and when it must be issued again: pure logic
 * (server/tls/store.ts does the I/O). The local CA may only ever sign for private addresses
 * and local names (its X.509 name constraints, server/tls/cert.ts): a phone that trusts it
 * cannot be deceived about any real site, even by someone holding the laptop's key.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';

/** Private and local IPv4 ranges [address, prefix]: RFC 1918, loopback, link-local, CGNAT, benchmark. */
export const PERMITTED_V4: readonly [string, number][] = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['100.64.0.0', 10],
  ['198.18.0.0', 15],
];
/** Loopback and unique-local IPv6 (fe80:: needs a zone in a URL: no phone can use it). */
export const PERMITTED_V6: readonly [string, number][] = [
  ['::1', 128],
  ['fc00::', 7],
];
/** DNS suffixes the CA may sign for: reserved for local use, no public site can hold them. */
export const PERMITTED_DNS: readonly string[] = ['localhost', 'local', 'home.arpa', 'internal'];

const permitted = new BlockList();
for (const [a, p] of PERMITTED_V4) permitted.addSubnet(a, p, 'ipv4');
for (const [a, p] of PERMITTED_V6) permitted.addSubnet(a, p, 'ipv6');

export function permittedIp(address: string): boolean {
  if (isIPv4(address)) return permitted.check(address, 'ipv4');
  return isIPv6(address) && permitted.check(address, 'ipv6');
}

export function permittedDns(name: string): boolean {
  const n = name.toLowerCase();
  return PERMITTED_DNS.some((suffix) => n === suffix || n.endsWith(`.${suffix}`));
}

export interface Sans {
  ips: string[];
  dns: string[];
}

/**
 * The leaf's names: every address of the machine a phone could use (private, not link-local
 * IPv6), loopback, localhost and `<hostname>.local` (mDNS). Sorted, without duplicates.
 */
export function wantedSans(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  hostname: string,
): Sans {
  const ips = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      const address = a.address.toLowerCase();
      if (!a.internal && permittedIp(address)) ips.add(address);
    }
  }
  const dns = new Set(['localhost']);
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(host)) dns.add(`${host}.local`);
  else if (/^[a-z0-9.-]{1,253}$/.test(host) && permittedDns(host)) dns.add(host);
  return { ips: [...ips].sort(), dns: [...dns].sort() };
}

/** The leaf on disk, as far as the decision needs it. */
export interface LeafFacts extends Sans {
  notAfter: Date;
  /** Signed by the CA on disk. */
  fromCa: boolean;
}

export const RENEW_BEFORE_MS = 30 * 86_400_000;

/** Why a new leaf must be issued now, or null when the one on disk still serves. */
export function reissueReason(
  leaf: LeafFacts | null,
  wanted: Sans,
  now: Date,
): 'missing' | 'other-ca' | 'expiring' | 'names' | null {
  if (!leaf) return 'missing';
  if (!leaf.fromCa) return 'other-ca';
  if (leaf.notAfter.getTime() - now.getTime() < RENEW_BEFORE_MS) return 'expiring';
  const ips = new Set(leaf.ips);
  const dns = new Set(leaf.dns);
  const covered = wanted.ips.every((ip) => ips.has(ip)) && wanted.dns.every((d) => dns.has(d));
  return covered ? null : 'names';
}

/** Node's `X509Certificate.subjectAltName` ("DNS:a, IP Address:1.2.3.4") as sets. */
export function parseSubjectAltName(text: string | undefined): Sans {
  const ips: string[] = [];
  const dns: string[] = [];
  for (const part of (text ?? '').split(/,\s*/)) {
    if (part.startsWith('DNS:')) dns.push(part.slice(4).toLowerCase());
    else if (part.startsWith('IP Address:')) ips.push(normalizeIp(part.slice(11)));
  }
  return { ips, dns };
}

/** IPv6 as Node prints it in the SAN text (full, upper case) to the short lower-case form. */
export function normalizeIp(address: string): string {
  if (!isIPv6(address)) return address;
  const bytes = ipBytes(address);
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

/** The address as 4 or 16 bytes (a SAN iPAddress, a name-constraint base). */
export function ipBytes(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const parse = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

/** A prefix length as a netmask of `size` bytes. */
export function maskBytes(prefix: number, size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < prefix; i++) out[i >> 3] = (out[i >> 3] ?? 0) | (0x80 >> (i & 7));
  return out;
}
