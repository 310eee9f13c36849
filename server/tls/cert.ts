/**
 * The local certificate authority and the laptop's certificate, written as DER by hand
 * (server/tls/der.ts) and signed with Node's crypto: ECDSA P-256, no dependency. The CA is
 * name-constrained to private addresses and local names (server/tls/sans.ts).
 */
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { isIPv4 } from 'node:net';
import {
  bits,
  bool,
  explicit,
  implicit,
  int,
  octets,
  oid,
  seq,
  set,
  time,
  uint,
  utf8,
} from './der';
import { ipBytes, maskBytes, PERMITTED_DNS, PERMITTED_V4, PERMITTED_V6, type Sans } from './sans';

export interface KeyAndCert {
  certPem: string;
  keyPem: string;
}

const DAY = 86_400_000;
/** Ten years: phones trust it once. The leaf lives 397 days (Apple's and Chrome's ceiling). */
export const CA_DAYS = 3650;
export const LEAF_DAYS = 397;

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

function name(commonName: string): Buffer {
  return seq(set(seq(oid('2.5.4.10'), utf8('Yuanba'))), set(seq(oid('2.5.4.3'), utf8(commonName))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

/** SHA-1 of the public key's bits: the key identifier of RFC 5280 §4.2.1.2 (method 1). */
function keyId(spki: Buffer): Buffer {
  return createHash('sha1')
    .update(spki.subarray(spki.length - 65))
    .digest();
}

const spkiOf = (key: KeyObject): Buffer => key.export({ type: 'spki', format: 'der' });

function nameConstraints(): Buffer {
  const subtree = (general: Buffer) => seq(general);
  const ip = ([address, prefix]: readonly [string, number]) => {
    const size = isIPv4(address) ? 4 : 16;
    return subtree(implicit(7, Buffer.concat([ipBytes(address), maskBytes(prefix, size)])));
  };
  const permittedSubtrees = [
    ...PERMITTED_V4.map(ip),
    ...PERMITTED_V6.map(ip),
    ...PERMITTED_DNS.map((d) => subtree(implicit(2, Buffer.from(d, 'latin1')))),
  ];
  return seq(explicit(0, Buffer.concat(permittedSubtrees)));
}

function certificate(options: {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signer: KeyObject;
  notBefore: Date;
  days: number;
  extensions: Buffer[];
}): string {
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = seq(
    explicit(0, int(2)),
    uint(serial),
    ECDSA_SHA256,
    name(options.issuer),
    seq(time(options.notBefore), time(new Date(options.notBefore.getTime() + options.days * DAY))),
    name(options.subject),
    spkiOf(options.publicKey),
    explicit(3, seq(...options.extensions)),
  );
  const signature = sign('sha256', tbs, options.signer);
  const der = seq(tbs, ECDSA_SHA256, bits(signature));
  return new X509Certificate(der).toString();
}

/** Backdated a day: a phone whose clock is a little behind still accepts it. */
const start = (now: Date) => new Date(Math.floor(now.getTime() / 1000) * 1000 - DAY);

function newKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** A new CA; `label` (e.g. the hostname) makes it recognisable in a phone's trusted list. */
export function createCa(label: string, now = new Date()): KeyAndCert {
  const { privateKey, publicKey } = newKey();
  const id = keyId(spkiOf(publicKey));
  const stamp = now.toISOString().slice(0, 10);
  const subject = `Yuanba local CA ${label} ${stamp}`.slice(0, 64);
  const certPem = certificate({
    subject,
    issuer: subject,
    publicKey,
    signer: privateKey,
    notBefore: start(now),
    days: CA_DAYS,
    extensions: [
      extension('2.5.29.19', true, seq(bool(true), int(0))),
      // digitalSignature, keyCertSign, cRLSign
      extension('2.5.29.15', true, bits(Buffer.from([0x86]), 1)),
      extension('2.5.29.14', false, octets(id)),
      extension('2.5.29.30', true, nameConstraints()),
    ],
  });
  return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}

/** The laptop's certificate for `sans`, signed by `ca`. */
export function issueLeaf(ca: KeyAndCert, sans: Sans, now = new Date()): KeyAndCert {
  const caCert = new X509Certificate(ca.certPem);
  const { privateKey, publicKey } = newKey();
  const general = [
    ...sans.dns.map((d) => implicit(2, Buffer.from(d, 'latin1'))),
    ...sans.ips.map((ip) => implicit(7, ipBytes(ip))),
  ];
  const certPem = certificate({
    subject: 'Yuanba',
    issuer: caCert.subject.match(/CN=(.*)/)?.[1] ?? '',
    publicKey,
    signer: createPrivateKey(ca.keyPem),
    notBefore: start(now),
    days: LEAF_DAYS,
    extensions: [
      extension('2.5.29.19', true, seq()),
      extension('2.5.29.15', true, bits(Buffer.from([0x80]), 7)),
      extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))),
      extension('2.5.29.17', false, seq(...general)),
      extension('2.5.29.14', false, octets(keyId(spkiOf(publicKey)))),
      extension('2.5.29.35', false, seq(implicit(0, keyId(spkiOf(caCert.publicKey))))),
    ],
  });
  return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}
