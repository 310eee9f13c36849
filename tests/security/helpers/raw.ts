/** Raw HTTP/1.1 requests and WebSocket upgrades over a TCP socket: exactly the bytes given. */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One request on its own connection (Connection: close); the answer parsed minimally. */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = '',
): Promise<RawResponse> {
  const { hostname, port, host } = new URL(baseUrl);
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${headers.Host ?? host}`];
  for (const [k, v] of Object.entries(headers)) if (k !== 'Host') lines.push(`${k}: ${v}`);
  if (body !== '' || !['GET', 'HEAD'].includes(method)) {
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  }
  lines.push('Connection: close', '', '');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split).split('\r\n');
      const parsed: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        parsed[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      let rest = text.slice(split + 4);
      if (parsed['transfer-encoding'] === 'chunked') {
        let out = '';
        while (rest.length > 0) {
          const nl = rest.indexOf('\r\n');
          const size = parseInt(rest.slice(0, nl), 16);
          if (!size) break;
          out += rest.slice(nl + 2, nl + 2 + size);
          rest = rest.slice(nl + 2 + size + 2);
        }
        rest = out;
      }
      resolve({ status: Number(head[0]?.split(' ')[1]), headers: parsed, body: rest });
    });
    socket.write(lines.join('\r\n') + body);
  });
}

/**
 * A WebSocket upgrade request; resolves with the status line's code (101 when accepted) and,
 * for an accepted collab socket, the first bytes the server sent.
 */
export function rawUpgrade(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
  waitMs = 500,
): Promise<{ status: number; data: Buffer }> {
  const { hostname, port, host } = new URL(baseUrl);
  const lines = [
    `GET ${path} HTTP/1.1`,
    `Host: ${host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const done = () => {
      socket.destroy();
      const data = Buffer.concat(chunks);
      const status = Number(data.toString('latin1').split(' ')[1] ?? 0);
      const split = data.indexOf('\r\n\r\n');
      resolve({ status, data: split >= 0 ? data.subarray(split + 4) : Buffer.alloc(0) });
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
    socket.write(lines.join('\r\n'));
  });
}
