import QRCode from 'qrcode';

/**
 * What `npm start` shows a person at the laptop once it listens: the address phones open, a
 * QR code of it drawn in the terminal, and where the console is on this machine. Only for a
 * terminal (main.ts checks isTTY): logs piped to a file or a journal stay one JSON object a
 * line, and both addresses are in the "Yuanba is listening" line anyway.
 */
export async function phoneBanner(phoneUrl: string, localUrl: string): Promise<string> {
  const qr = await QRCode.toString(phoneUrl, { type: 'terminal', small: true });
  return [
    '',
    `  手机打开 / Phones open:  ${phoneUrl}`,
    `  本机控制台 / Console:    ${localUrl}/console`,
    '  (手机扫描下面的二维码 / phones scan the QR code below)',
    '',
    qr.trimEnd(),
    '',
    '',
  ].join('\n');
}
