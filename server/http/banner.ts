import QRCode from 'qrcode';

/**
 * What `npm start` shows a person at the laptop once it listens: the address phones open, a
 * QR code of it drawn in the terminal, and where the console is on this machine. Only for a
 * terminal (main.ts checks isTTY): logs piped to a file or a journal stay one JSON object a
 * line, and both addresses are in the "Yuanba is listening" line anyway.
 */
export async function phoneBanner(
  phoneUrl: string,
  localUrl: string,
  trustUrl: string | null = null,
): Promise<string> {
  // No LAN address at start: no phone can open this one, so no QR code of it. The hall
  // screen's QR code follows the address the laptop gets later (server/http/public-url.ts).
  const loopback = /^(localhost|127\.|\[::1\]$)/.test(new URL(phoneUrl).hostname);
  const qr = loopback ? '' : await QRCode.toString(phoneUrl, { type: 'terminal', small: true });
  return [
    '',
    `  手机打开 / Phones open:  ${phoneUrl}`,
    `  本机控制台 / Console:    ${localUrl}/console`,
    ...(trustUrl
      ? [`  手机发言先装证书 / Phone microphones, trust the CA once:  ${trustUrl}`]
      : []),
    loopback
      ? '  (本机尚未连接网络：连上热点后，手机扫大屏上的二维码 / not on a network yet: once on the hotspot, phones scan the hall screen)'
      : '  (手机扫描下面的二维码 / phones scan the QR code below)',
    ...(qr ? ['', qr.trimEnd()] : []),
    '',
    '',
  ].join('\n');
}
