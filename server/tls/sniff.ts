/**
 * One port, both protocols: each new connection's first byte says which. 0x16 opens a TLS
 * handshake: the connection is decrypted and then served by the same http.Server as plain
 * connections (so Express, Socket.IO and the collab upgrade see one server, and
 * `req.socket.encrypted` tells them apart). The QR code, PORT and firewall rules stay as
 * they were. A connection that says nothing, or fails its handshake, is dropped after a few
 * seconds without holding up anyone else.
 */
import type { Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

/** A TLS record of type handshake (ClientHello) starts with this byte; HTTP never does. */
const TLS_HANDSHAKE = 0x16;

export interface DualOptions {
  key: string;
  cert: string;
  /** How long a new connection may stay silent before its first byte (slowloris). */
  sniffTimeoutMs?: number;
  /** How long a TLS handshake may take. */
  handshakeTimeoutMs?: number;
}

export interface DualServer {
  /** The listening server: call listen() on this one, not on the http.Server. */
  server: Server;
  /** Ends every connection that came through (at shutdown). */
  closeAllConnections(): void;
  /** Serves new handshakes with this certificate (the laptop's addresses changed). */
  setCertificate(key: string, cert: string): void;
}

export function dualProtocol(http: HttpServer, options: DualOptions): DualServer {
  const open = new Set<Socket>();
  const secure = createTlsServer(
    {
      key: options.key,
      cert: options.cert,
      minVersion: 'TLSv1.2',
      handshakeTimeout: options.handshakeTimeoutMs ?? 10_000,
      ALPNProtocols: ['http/1.1'],
    },
    (socket) => http.emit('connection', socket),
  );
  // A client that sends junk, an unknown CA on a phone, a handshake that stalls: that
  // connection goes, nothing else.
  secure.on('tlsClientError', (_err, socket) => socket.destroy());

  const server = createServer({ pauseOnConnect: true }, (socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    const drop = () => socket.destroy();
    socket.on('error', drop);
    socket.setTimeout(options.sniffTimeoutMs ?? 10_000, drop);
    const sniff = () => {
      const first = socket.read(1) as Buffer | null;
      if (first === null) {
        if (!socket.destroyed) socket.once('readable', sniff);
        return;
      }
      socket.setTimeout(0);
      socket.removeListener('timeout', drop);
      socket.removeListener('error', drop);
      socket.unshift(first);
      // The http.Server sets its own timeouts and error handling from here on.
      if (first[0] === TLS_HANDSHAKE) {
        socket.on('error', () => socket.destroy());
        secure.emit('connection', socket);
      } else {
        http.emit('connection', socket);
      }
    };
    socket.once('readable', sniff);
  });
  server.on('close', () => secure.close());
  return {
    server,
    closeAllConnections() {
      for (const socket of open) socket.destroy();
      open.clear();
    },
    setCertificate(key, cert) {
      secure.setSecureContext({ key, cert, minVersion: 'TLSv1.2' });
    },
  };
}
