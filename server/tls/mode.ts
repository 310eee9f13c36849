/** Whether this server speaks HTTPS (beside plain HTTP on the same port): pure. */
export type HttpsSetting = 'auto' | 'on' | 'off';

/** A HOST only this machine can reach. */
export function loopbackOnly(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/**
 * `auto`: on when phones can reach the server (HOST is not loopback) and no PUBLIC_URL names
 * a front end (a reverse proxy then owns TLS, and phones are given its https:// address).
 */
export function httpsEnabled(setting: HttpsSetting, host: string, publicUrl?: string): boolean {
  if (setting !== 'auto') return setting === 'on';
  return !loopbackOnly(host) && publicUrl === undefined;
}
