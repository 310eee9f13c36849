/**
 * The CA and the laptop's certificate in DATA_DIR/tls: made once, the leaf issued again at a
 * start when the machine's addresses changed (a new hotspot) or it nears its end. Phones keep
 * trusting: the CA stays the same.
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import path from 'node:path';
import { createCa, issueLeaf, type KeyAndCert } from './cert';
import { parseSubjectAltName, reissueReason, wantedSans, type LeafFacts } from './sans';

export interface TlsMaterial {
  /** The leaf and its key, for the TLS server. */
  key: string;
  cert: string;
  ca: {
    pem: string;
    der: Buffer;
    /** SHA-256 of the DER, "AB:CD:…": what a careful user compares on the phone. */
    fingerprint: string;
    subject: string;
  };
  /** Why the leaf was issued at this start (null: the one on disk served). */
  reissued: string | null;
}

export const TLS_DIR = 'tls';

function writeAtomic(file: string, text: string, mode: number): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}

function read(dir: string, cert: string, key: string): KeyAndCert | null {
  const c = path.join(dir, cert);
  const k = path.join(dir, key);
  if (!existsSync(c) || !existsSync(k)) return null;
  return { certPem: readFileSync(c, 'utf8'), keyPem: readFileSync(k, 'utf8') };
}

function save(dir: string, cert: string, key: string, pair: KeyAndCert): void {
  // Key first: a crash between the two leaves an unmatched pair, which the next start remakes.
  writeAtomic(path.join(dir, key), pair.keyPem, 0o600);
  writeAtomic(path.join(dir, cert), pair.certPem, 0o644);
}

function facts(leaf: KeyAndCert, ca: X509Certificate): LeafFacts | null {
  try {
    const cert = new X509Certificate(leaf.certPem);
    return {
      ...parseSubjectAltName(cert.subjectAltName),
      notAfter: new Date(cert.validTo),
      fromCa: cert.verify(ca.publicKey) && cert.checkPrivateKey(createPrivateKey(leaf.keyPem)),
    };
  } catch {
    return null; // unreadable: issue anew
  }
}

/** Loads DATA_DIR/tls, creating or renewing what is missing, stale or does not match. */
export function loadTls(
  dataDir: string,
  now = new Date(),
  machine = { interfaces: networkInterfaces(), hostname: hostname() },
): TlsMaterial {
  const dir = path.join(dataDir, TLS_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let ca = read(dir, 'ca.pem', 'ca-key.pem');
  if (!ca) {
    ca = createCa(machine.hostname, now);
    save(dir, 'ca.pem', 'ca-key.pem', ca);
  }
  const caCert = new X509Certificate(ca.certPem);
  const wanted = wantedSans(machine.interfaces, machine.hostname);
  let leaf = read(dir, 'cert.pem', 'key.pem');
  const reason = reissueReason(leaf && facts(leaf, caCert), wanted, now);
  if (reason) {
    leaf = issueLeaf(ca, wanted, now);
    save(dir, 'cert.pem', 'key.pem', leaf);
  }
  const der = caCert.raw;
  return {
    key: leaf!.keyPem,
    cert: leaf!.certPem,
    ca: {
      pem: ca.certPem,
      der,
      fingerprint: createHash('sha256')
        .update(der)
        .digest('hex')
        .toUpperCase()
        .replace(/(..)(?!$)/g, '$1:'),
      subject: caCert.subject.match(/CN=(.*)/)?.[1] ?? 'Yuanba',
    },
    reissued: reason,
  };
}
