import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import SQLite from 'better-sqlite3';
import { Server } from 'socket.io';

/**
 * The baseline of the vote burst: a bare Socket.IO server on the same process layout as
 * ours (its own OS process), doing the least a vote server must: count, ack, and broadcast
 * the count to screens, coalesced every 100 ms like our broadcaster. No validation, no
 * identity, no disk — unless BARE_DURABLE_FILE names a SQLite file: then each ballot is one
 * insert committed with our pragmas (WAL, synchronous=FULL) before the ack, the floor of any
 * server that acknowledges only what would survive a power cut.
 */
const durable = process.env.BARE_DURABLE_FILE ? new SQLite(process.env.BARE_DURABLE_FILE) : null;
durable?.pragma('journal_mode = WAL');
durable?.pragma('synchronous = FULL');
durable?.exec('CREATE TABLE IF NOT EXISTS ballots (ballot_id TEXT)');
const insert = durable?.prepare('INSERT INTO ballots (ballot_id) VALUES (?)');
const http = createServer();
const io = new Server(http, { transports: ['websocket'] });
let cast = 0;
let timer: NodeJS.Timeout | null = null;
const broadcast = () => {
  timer = null;
  io.to('screens').emit('vote:update', { tally: { cast } });
};
io.on('connection', (socket) => {
  const auth = socket.handshake.auth as { as?: string };
  if (auth.as === 'screen') {
    // One screen per round: a new round starts counting from zero.
    cast = 0;
    void socket.join('screens');
  }
  socket.on('vote:cast', (payload: { ballotId: string }, ack: (a: unknown) => void) => {
    insert?.run(payload.ballotId);
    cast += 1;
    ack({ ok: true, data: { ballotId: payload.ballotId } });
    timer ??= setTimeout(broadcast, 100);
  });
});
http.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` }));
});
