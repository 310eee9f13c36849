/** HTTPS on the LAN (server/tls): what the trust page and the hall screen learn. */

/** GET /api/tls (plain HTTP allowed): whether HTTPS is on, and the local CA's fingerprint. */
export interface TlsInfo {
  https: boolean;
  /** SHA-256 of the CA certificate (DER), "AB:CD:…", for a careful user to compare. */
  fingerprint: string | null;
  /** The CA's name as phones list it. */
  subject: string | null;
}

/** GET /api/meetings/:code/join-url */
export interface JoinUrls {
  /** What the join QR code carries (https:// when HTTPS is on). */
  url: string;
  /** The trust page on plain http://, for the hall screen's second QR code; null without HTTPS. */
  trustUrl: string | null;
}
