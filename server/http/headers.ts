import helmet from 'helmet';

/**
 * Security headers for every response. The CSP allows no inline or foreign script: the built
 * client is module scripts and modulepreload links from 'self'. Styles allow 'unsafe-inline'
 * (Svelte writes style attributes); images 'self' plus data: (QR codes) and blob:; sockets,
 * Socket.IO polling and the collab websocket are same-origin ('self' covers ws: in CSP 3).
 * No HSTS and no upgrade-insecure-requests: the laptop itself stays on plain http://localhost,
 * the trust page is plain http on the LAN (server/tls/redirect.ts), and browsers ignore HSTS
 * for the IP addresses phones use anyway.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        // The phone's service worker (/sw.js) and the audio worklets.
        workerSrc: ["'self'", 'blob:'],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Cross-origin isolation is not needed and would complicate audio; keep helmet's defaults
    // for the opener policy and resource policy.
  });
}
