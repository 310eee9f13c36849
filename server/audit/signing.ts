import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MeetingRecord, RecordSignature, SigningKeyInfo } from '../../shared/protocol';
import { canonicalJson } from './chain';

/** The installation's record-signing key, next to the database unless configured elsewhere. */
export const SIGNING_KEY_FILE = 'record-signing-key.pem';

/** The raw 32-byte Ed25519 public key, base64: what is printed on records and typed into --key. */
const rawPublicKey = (key: KeyObject): string =>
  Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url').toString('base64');

/** 128 bits of sha256 over the raw public key, hex in groups of four: short enough to read aloud. */
export function fingerprint(publicKeyBase64: string): string {
  const hex = createHash('sha256')
    .update(Buffer.from(publicKeyBase64, 'base64'))
    .digest('hex')
    .slice(0, 32);
  return hex.match(/.{4}/g)!.join(' ');
}

/** What the signature covers: the whole record except the signature itself, canonically. */
const signedBytes = (record: MeetingRecord): Buffer => {
  const { signature: _omit, ...content } = record;
  return Buffer.from(canonicalJson(content), 'utf8');
};

/** Signs records with the installation's Ed25519 key (created once, mode 600). */
export class RecordSigner {
  readonly info: SigningKeyInfo;

  constructor(private readonly privateKey: KeyObject) {
    const publicKey = rawPublicKey(createPublicKey(privateKey));
    this.info = { alg: 'Ed25519', publicKey, fingerprint: fingerprint(publicKey) };
  }

  /** Loads `file`, or generates the key into it on first start. */
  static load(file: string): RecordSigner {
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
      // 'wx': two processes starting at once never overwrite each other's key.
      try {
        writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    return new RecordSigner(createPrivateKey(readFileSync(file)));
  }

  /** The key in `file` when there is one; never creates it (for offline verification). */
  static read(file: string): RecordSigner | null {
    return existsSync(file) ? new RecordSigner(createPrivateKey(readFileSync(file))) : null;
  }

  sign(record: MeetingRecord): MeetingRecord {
    const value = sign(null, signedBytes(record), this.privateKey).toString('base64');
    const signature: RecordSignature = { ...this.info, value };
    return { ...record, signature };
  }
}

/** The public key a fingerprint or base64 key stands for, checked against the record's key. */
const matchesPin = (signature: RecordSignature, pin: string): boolean => {
  const normalised = pin.replace(/\s+/g, '').toLowerCase();
  return (
    pin.trim() === signature.publicKey ||
    normalised === fingerprint(signature.publicKey).replace(/\s+/g, '')
  );
};

/**
 * Pure: the problems with a record's signature. `pin` is the key the verifier trusts (the
 * fingerprint printed on the paper record or shown in the console): without it a forger
 * could simply sign with a key of their own.
 */
export function signatureProblems(record: MeetingRecord, pin: string): string[] {
  const { signature } = record;
  if (!signature) return ['the record is not signed'];
  if (signature.alg !== 'Ed25519') return [`unknown signature algorithm ${signature.alg}`];
  if (!matchesPin(signature, pin)) {
    return [
      `signed by key ${fingerprint(signature.publicKey)}, not by the trusted key ${pin.trim()}`,
    ];
  }
  let key: KeyObject;
  try {
    key = createPublicKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        x: Buffer.from(signature.publicKey, 'base64').toString('base64url'),
      },
      format: 'jwk',
    });
  } catch {
    return ['the signing key in the record is malformed'];
  }
  let ok = false;
  try {
    ok = verify(null, signedBytes(record), key, Buffer.from(signature.value, 'base64'));
  } catch {
    // A signature of the wrong length: not a valid signature.
  }
  return ok ? [] : ['signature does not match the content: the record was altered'];
}
