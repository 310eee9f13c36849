import { randomBytes } from 'node:crypto';
import net from 'node:net';

/** One hand-made WebSocket frame (RFC 6455 §5.2), with every field under the caller's control. */
export function frame(options: {
  opcode: number;
  payload?: Uint8Array;
  fin?: boolean;
  rsv?: number;
  mask?: boolean;
  /** Announce this length instead of the payload's real one (e.g. far over the limit). */
  length?: number;
}): Buffer {
  const payload = Buffer.from(options.payload ?? new Uint8Array());
  const length = options.length ?? payload.length;
  const mask = options.mask ?? true;
  const head: number[] = [
    ((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | options.opcode,
  ];
  const maskBit = mask ? 0x80 : 0;
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) head.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    head.push(maskBit | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    head.push(...big);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), key, masked]);
}

export const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

export interface RawConnection {
  socket: net.Socket;
  /** The HTTP status line of the upgrade answer. */
  status: string;
  /** Everything received after the upgrade answer's headers. */
  received(): Buffer;
  /** Resolves when the server closed the TCP connection (or after `ms`). */
  closed(ms?: number): Promise<boolean>;
  write(data: Buffer): void;
  destroy(): void;
}

/** A hand-made upgrade request over a raw TCP socket, optionally from another local address. */
export function rawUpgrade(
  baseUrl: string,
  path: string,
  options: { headers?: Record<string, string>; localAddress?: string; head?: Buffer } = {},
): Promise<RawConnection> {
  const url = new URL(baseUrl);
  const socket = net.connect({
    host: url.hostname,
    port: Number(url.port),
    localAddress: options.localAddress,
  });
  socket.on('error', () => {});
  const headers = {
    Host: url.host,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...options.headers,
  };
  const request =
    `GET ${path} HTTP/1.1\r\n` +
    Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    '\r\n';
  let buffer = Buffer.alloc(0);
  let ended = false;
  const endWaiters: (() => void)[] = [];
  socket.on('close', () => {
    ended = true;
    for (const w of endWaiters) w();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no upgrade answer on ${path}`)), 5_000);
    socket.once('connect', () => {
      socket.write(options.head ? Buffer.concat([Buffer.from(request), options.head]) : request);
    });
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      clearTimeout(timer);
      socket.off('data', onData);
      const status = buffer.subarray(0, buffer.indexOf('\r\n')).toString();
      let rest = buffer.subarray(end + 4);
      socket.on('data', (more: Buffer) => (rest = Buffer.concat([rest, more])));
      resolve({
        socket,
        status,
        received: () => rest,
        closed: (ms = 2_000) =>
          new Promise((done) => {
            if (ended) return done(true);
            const t = setTimeout(() => done(false), ms);
            endWaiters.push(() => {
              clearTimeout(t);
              done(true);
            });
          }),
        write: (data) => {
          if (!socket.destroyed) socket.write(data);
        },
        destroy: () => socket.destroy(),
      });
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`closed before an upgrade answer on ${path}`)));
  });
}

/** The close code in the first close frame the server sent, if any (server frames are unmasked). */
export function closeCodeIn(data: Buffer): number | null {
  let offset = 0;
  while (offset + 2 <= data.length) {
    const opcode = data[offset]! & 0x0f;
    let length = data[offset + 1]! & 0x7f;
    let start = offset + 2;
    if (length === 126) {
      length = data.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      length = Number(data.readBigUInt64BE(start));
      start += 8;
    }
    if (opcode === OPCODE.close) return length >= 2 ? data.readUInt16BE(start) : 1005;
    offset = start + length;
  }
  return null;
}
