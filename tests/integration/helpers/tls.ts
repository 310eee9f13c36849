/** Plain and TLS requests for the HTTPS tests (fetch cannot be given a CA). */
import http from 'node:http';
import https from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function request(
  url: string,
  options: { ca?: string; method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, ca: options.ca, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A raw TCP connection that writes `bytes` and collects what comes back until it closes. */
export function raw(
  host: string,
  port: number,
  bytes: Buffer | string,
  waitMs = 5_000,
): Promise<{ reply: string; closed: boolean; socket: Socket }> {
  return new Promise((resolve) => {
    const socket = netConnect(port, host);
    let reply = '';
    let closed = false;
    socket.on('data', (c: Buffer) => (reply += c.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      resolve({ reply, closed, socket });
    });
    const timer = setTimeout(() => resolve({ reply, closed, socket }), waitMs);
    socket.write(bytes);
  });
}

/** Milliseconds until an idle raw connection (that sent `bytes`, maybe none) is closed. */
export function closedAfter(host: string, port: number, bytes: Buffer | null): Promise<number> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = netConnect(port, host, () => {
      if (bytes) socket.write(bytes);
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(Date.now() - started));
    socket.resume();
  });
}
