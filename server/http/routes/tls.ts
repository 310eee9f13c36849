/**
 * What a phone needs to trust the local CA, served over plain HTTP too:
 * the CA as DER (Android, desktop), as an iOS configuration profile, and its fingerprint for
 * the trust page (client/src/pages/Trust.svelte) to show.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import QRCode from 'qrcode';
import type { TlsInfo } from '../../../shared/protocol';
import { trustPageUrl, type PublicOrigin } from '../public-url';
import type { TlsMaterial } from '../../tls/store';

export const CA_FILE_NAME = 'yuanba-ca.crt';
export const PROFILE_FILE_NAME = 'yuanba-ca.mobileconfig';

const xml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An unsigned iOS profile with one root-certificate payload (pure). */
export function mobileconfig(ca: TlsMaterial['ca'], uuids = [randomUUID(), randomUUID()]): string {
  const [payload, profile] = uuids;
  const id = `local.yuanba.ca.${ca.fingerprint.replace(/:/g, '').slice(0, 16).toLowerCase()}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>PayloadContent</key>
  <array>
    <dict>
      <key>PayloadCertificateFileName</key><string>${CA_FILE_NAME}</string>
      <key>PayloadContent</key><data>${ca.der.toString('base64')}</data>
      <key>PayloadDisplayName</key><string>${xml(ca.subject)}</string>
      <key>PayloadIdentifier</key><string>${id}.cert</string>
      <key>PayloadType</key><string>com.apple.security.root</string>
      <key>PayloadUUID</key><string>${payload}</string>
      <key>PayloadVersion</key><integer>1</integer>
    </dict>
  </array>
  <key>PayloadDisplayName</key><string>院坝 Yuanba</string>
  <key>PayloadDescription</key><string>院坝会议手机发言 / Yuanba meeting microphones</string>
  <key>PayloadIdentifier</key><string>${id}</string>
  <key>PayloadType</key><string>Configuration</string>
  <key>PayloadUUID</key><string>${profile}</string>
  <key>PayloadVersion</key><integer>1</integer>
</dict>
</plist>
`;
}

export function tlsRoutes(material: TlsMaterial | null, origin: PublicOrigin): Router {
  const router = Router();
  router.get('/api/tls', (_req, res) => {
    const info: TlsInfo = {
      https: material !== null,
      fingerprint: material?.ca.fingerprint ?? null,
      subject: material?.ca.subject ?? null,
    };
    // The phone's own http:// page probes this over https:// (client/src/lib/secure-upgrade.ts):
    // another origin, so the default same-origin resource policy would block its answer.
    res.set('Cross-Origin-Resource-Policy', 'cross-origin');
    res.set('Cache-Control', 'no-cache').json({ ok: true, data: info });
  });
  if (!material) return router;
  router.get(`/tls/${CA_FILE_NAME}`, (_req, res) => {
    res
      .attachment(CA_FILE_NAME)
      .type('application/x-x509-ca-cert')
      .set('Cache-Control', 'no-cache')
      .send(material.ca.der);
  });
  /** The hall screen's second QR code: the trust page, on plain http://. */
  router.get('/tls/qr.svg', async (req, res) => {
    const url = trustPageUrl(origin, req) ?? '';
    const svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    res.type('image/svg+xml').set('Cache-Control', 'no-cache').send(svg);
  });
  router.get('/tls/ca.pem', (_req, res) => {
    res.type('application/x-pem-file').set('Cache-Control', 'no-cache').send(material.ca.pem);
  });
  router.get(`/tls/${PROFILE_FILE_NAME}`, (_req, res) => {
    res
      .attachment(PROFILE_FILE_NAME)
      .type('application/x-apple-aspen-config')
      .set('Cache-Control', 'no-cache')
      .send(mobileconfig(material.ca));
  });
  return router;
}
