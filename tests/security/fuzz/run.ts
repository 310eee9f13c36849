import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { io, type Socket } from 'socket.io-client';
import { CLIENT_EVENTS, ERROR_CODES, PROTOCOL_VERSION } from '../../../shared/protocol';
import { frame, OPCODE, rawUpgrade } from '../helpers/raw-ws';
import { FIELD_NAMES, Gen } from './gen';

/** What the fuzzer attacks: a live meeting and credentials of each kind. */
export interface FuzzTarget {
  url: string;
  code: string;
  adminCookie: string;
  participantToken: string;
  recorderToken: string;
  /** Real ids, so that near-valid payloads reach the handlers' deeper checks. */
  ids: string[];
}

export interface FuzzCounts {
  socket: number;
  collab: number;
  rest: number;
}

export interface FuzzResult {
  cases: FuzzCounts;
  violations: string[];
}

const CODES = new Set<string>(Object.values(ERROR_CODES));
/** Closing the meeting or logging the admin out would only shrink what later cases reach. */
const SKIPPED_EVENTS = new Set(['meeting:close']);
const EVENTS = Object.keys(CLIENT_EVENTS).filter((e) => !SKIPPED_EVENTS.has(e));

/** Every /api route (method, path with :params), as mounted in server/app.ts. */
export const API_ROUTES: [string, string][] = [
  ['GET', '/auth/me'],
  ['POST', '/auth/login'],
  ['POST', '/auth/logout'],
  ['GET', '/setup'],
  ['POST', '/setup'],
  ['GET', '/users'],
  ['POST', '/users'],
  ['GET', '/meetings'],
  ['POST', '/meetings'],
  ['GET', '/meetings/:code'],
  ['GET', '/meetings/:code/me'],
  ['GET', '/meetings/:code/state'],
  ['GET', '/meetings/:code/participants'],
  ['PATCH', '/meetings/:code/participants/:id'],
  ['GET', '/meetings/:code/qr.svg'],
  ['GET', '/meetings/:code/quorum'],
  ['PUT', '/meetings/:code/quorum'],
  ['GET', '/meetings/:code/record.:format'],
  ['POST', '/meetings/:code/agenda'],
  ['POST', '/meetings/:code/close'],
  ['POST', '/meetings/:code/join'],
  ['POST', '/meetings/:code/mandates'],
  ['POST', '/meetings/:code/roster'],
  ['POST', '/meetings/:code/start'],
  ['PUT', '/meetings/:code/current-item'],
  ['GET', '/meetings/:code/votes'],
  ['POST', '/meetings/:code/votes'],
  ['POST', '/meetings/:code/votes/:voteId/ballots'],
  ['POST', '/meetings/:code/votes/:voteId/close'],
  ['PUT', '/meetings/:code/votes/:voteId/hall-count'],
  ['POST', '/meetings/:code/votes/:voteId/hall-count/:entryId/confirm'],
  ['GET', '/meetings/:code/votes/:voteId/read-aloud'],
  ['DELETE', '/meetings/:code/participants/:id'],
  ['POST', '/meetings/:code/participants/:id/link'],
  ['GET', '/meetings/:code/links'],
  ['POST', '/meetings/:code/roster/entries'],
  ['GET', '/meetings/:code/waiting'],
  ['POST', '/meetings/:code/waiting/:id/admit'],
  ['POST', '/meetings/:code/waiting/:id/refuse'],
  ['GET', '/meetings/:code/tickets/:ticket'],
  ['GET', '/meetings/:code/staff'],
  ['PUT', '/meetings/:code/staff'],
  ['GET', '/meetings/:code/staff/candidates'],
  ['PUT', '/meetings/:code/settings'],
  ['GET', '/meetings/:code/access'],
  ['GET', '/meetings/:code/join-url'],
  ['POST', '/meetings/:code/next-item'],
  ['GET', '/record-key'],
  ['GET', '/tls'],
  ['GET', '/nope'],
];

/**
 * Routes that would take the fuzzer's own footing away when they succeed (close the meeting,
 * log the admin out, reissue or delete the fuzzer's participant, change staff or admission):
 * sent at a random meeting code and without the admin's session.
 */
const DESTRUCTIVE = new Set([
  '/meetings/:code/close',
  '/auth/logout',
  '/meetings/:code/participants/:id',
  '/meetings/:code/participants/:id/link',
  '/meetings/:code/staff',
  '/meetings/:code/settings',
]);

/** A path segment: any string percent-encoded byte by byte, or a broken escape. */
function pathPart(g: Gen): string {
  if (g.chance(0.1)) return g.pick(['%', '%E0%A4%A', '%00', '..', '%2e%2e%2f', '%C0%AE']);
  return [...Buffer.from(g.string())].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

/** A payload shaped like the protocol's: known field names, real ids, hostile values. */
function nearValid(g: Gen, target: FuzzTarget): unknown {
  const out: Record<string, unknown> = {};
  for (let i = 1 + g.int(4); i > 0; i -= 1) {
    const field = g.pick(FIELD_NAMES);
    out[field] = g.chance(0.4) ? g.pick(target.ids) : g.value(2);
  }
  return out;
}

export function describeAck(ack: unknown): string | null {
  if (typeof ack !== 'object' || ack === null) return `not an object: ${String(ack)}`;
  const a = ack as { ok?: unknown; code?: unknown; message?: unknown };
  if (a.ok === true) return 'data' in a ? null : 'ok without data';
  if (a.ok !== false) return `no ok flag: ${JSON.stringify(ack).slice(0, 120)}`;
  if (typeof a.code !== 'string' || !CODES.has(a.code)) return `unknown code ${String(a.code)}`;
  if (a.code === ERROR_CODES.INTERNAL) return `INTERNAL: ${String(a.message)}`;
  return typeof a.message === 'string' ? null : 'no message';
}

function connect(target: FuzzTarget, as: 'staff' | 'participant' | 'screen', token?: string) {
  const socket = io(target.url, {
    auth: { protocolVersion: PROTOCOL_VERSION, meetingCode: target.code, as, token },
    transports: ['websocket'],
    extraHeaders: as === 'staff' ? { cookie: target.adminCookie } : {},
    reconnection: false,
    forceNew: true,
  });
  return new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Random events with random and near-valid payloads from staff, a phone, a recorder, a screen. */
export async function fuzzSockets(g: Gen, target: FuzzTarget, cases: number): Promise<string[]> {
  const violations: string[] = [];
  const who = [
    () => connect(target, 'staff'),
    () => connect(target, 'participant', target.participantToken),
    () => connect(target, 'participant', target.recorderToken),
    () => connect(target, 'screen'),
  ];
  const sockets = await Promise.all(who.map((open) => open()));
  try {
    for (let done = 0; done < cases;) {
      const batch: Promise<void>[] = [];
      for (let i = 0; i < 20 && done < cases; i += 1, done += 1) {
        const k = g.int(sockets.length);
        if (!sockets[k]!.connected) sockets[k] = await who[k]!();
        const socket = sockets[k]!;
        const event = g.chance(0.92) ? g.pick(EVENTS) : g.string();
        const shape = g.int(10);
        const args: unknown[] =
          shape < 4
            ? [g.value()]
            : shape < 7
              ? [nearValid(g, target)]
              : shape < 8
                ? []
                : shape < 9
                  ? [Buffer.from(g.bytes(64))]
                  : [g.value(), g.value()];
        if (g.chance(0.05)) {
          socket.emit(event, ...args);
          continue;
        }
        batch.push(
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              violations.push(`no ack for ${event} ${JSON.stringify(args).slice(0, 120)}`);
              resolve();
            }, 5_000);
            socket.emit(event, ...args, (ack: unknown) => {
              clearTimeout(timer);
              const problem = describeAck(ack);
              if (problem)
                violations.push(`${event} ${JSON.stringify(args).slice(0, 120)}: ${problem}`);
              resolve();
            });
          }),
        );
      }
      await Promise.all(batch);
    }
  } finally {
    for (const socket of sockets) socket.close();
  }
  return violations;
}

/** A real update and awareness message, to mutate: garbage that is almost valid goes deepest. */
function realMessages(): { update: Uint8Array; awareness: Uint8Array } {
  const doc = new Y.Doc();
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText('记录')]);
  doc.getXmlFragment('minutes').push([p]);
  doc.getArray('agenda').push([new Y.Map()]);
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: '张三', color: '#123456' } });
  return {
    update: Y.encodeStateAsUpdate(doc),
    awareness: awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
  };
}

function mutate(g: Gen, input: Uint8Array): Uint8Array {
  const out = Uint8Array.from(input);
  const how = g.int(3);
  if (how === 0) for (let i = 1 + g.int(4); i > 0; i -= 1) out[g.int(out.length)] = g.int(256);
  if (how === 1) return out.subarray(0, g.int(out.length));
  if (how === 2) return Uint8Array.from([...out, ...g.bytes(16)]);
  return out;
}

function collabMessage(g: Gen, real: ReturnType<typeof realMessages>): Uint8Array {
  const encoder = encoding.createEncoder();
  const type = g.pick([0, 0, 0, 1, 1, 3, g.int(300)]);
  encoding.writeVarUint(encoder, type);
  if (type === 0) {
    encoding.writeVarUint(encoder, g.pick([0, 1, 2, 2, g.int(10)]));
    encoding.writeVarUint8Array(encoder, g.chance(0.7) ? mutate(g, real.update) : g.bytes(64));
  } else if (type === 1) {
    encoding.writeVarUint8Array(encoder, g.chance(0.7) ? mutate(g, real.awareness) : g.bytes(64));
  } else {
    encoding.writeUint8Array(encoder, g.bytes(16));
  }
  return encoding.toUint8Array(encoder);
}

/** Collab connections with a few frames each: valid framing with Yjs-ish payloads, or broken framing. */
export async function fuzzCollab(
  g: Gen,
  target: FuzzTarget,
  cases: number,
  alive: () => Promise<boolean>,
): Promise<string[]> {
  const violations: string[] = [];
  const real = realMessages();
  let connections = 0;
  for (let done = 0; done < cases; connections += 1) {
    const token = g.pick([
      target.recorderToken,
      target.recorderToken,
      target.participantToken,
      'p1.x.y.z',
      '',
    ]);
    const path = `/collab/${g.chance(0.95) ? target.code : pathPart(g)}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
    let raw;
    try {
      raw = await rawUpgrade(target.url, path);
    } catch (err) {
      violations.push(`upgrade failed on ${path}: ${String(err)}`);
      break;
    }
    for (let i = 1 + g.int(6); i > 0 && done < cases; i -= 1, done += 1) {
      const kind = g.int(20);
      if (kind < 14) raw.write(frame({ opcode: OPCODE.binary, payload: collabMessage(g, real) }));
      else if (kind < 16) {
        raw.write(
          frame({
            opcode: g.pick([OPCODE.text, OPCODE.ping, OPCODE.pong, OPCODE.close]),
            payload: g.bytes(20),
          }),
        );
      } else if (kind < 18) raw.write(Buffer.from(g.bytes(40)));
      else {
        raw.write(
          frame({
            opcode: g.int(16),
            payload: g.bytes(30),
            fin: g.chance(0.5),
            rsv: g.int(8),
            mask: g.chance(0.8),
          }),
        );
      }
    }
    await raw.closed(20);
    raw.destroy();
    if (connections % 25 === 0 && !(await alive())) {
      violations.push(`server down after collab connection ${connections}`);
      break;
    }
  }
  return violations;
}

/** Random bodies, content types and credentials against every /api route. */
export async function fuzzRest(g: Gen, target: FuzzTarget, cases: number): Promise<string[]> {
  const violations: string[] = [];
  for (let done = 0; done < cases; done += 1) {
    if (g.chance(0.08)) {
      const problem = await fuzzPolling(g, target);
      if (problem) violations.push(problem);
      continue;
    }
    const [method, template] = g.pick(API_ROUTES);
    const auth = g.int(5);
    const destructive = DESTRUCTIVE.has(template) && method !== 'GET';
    const path = template.replace(/:(\w+)/g, (_m, name: string) => {
      if (name === 'code') return destructive || g.chance(0.2) ? pathPart(g) : target.code;
      if (name === 'format') return g.pick(['docx', 'md', 'json', 'pdf', g.string()]);
      return g.chance(0.7) ? g.pick(target.ids) : pathPart(g);
    });
    const headers: Record<string, string> = {};
    if (auth === 1 && !destructive) headers.cookie = target.adminCookie;
    if (auth === 2) headers.authorization = `Bearer ${target.participantToken}`;
    if (auth === 3) headers.cookie = `yuanba_session=${pathPart(g)}`;
    if (auth === 4) headers.authorization = `Bearer ${g.string().replace(/[^\x20-\x7e]/g, '')}`;
    let body: string | undefined;
    if (method !== 'GET') {
      const shape = g.int(10);
      body =
        shape < 4
          ? JSON.stringify(g.value())
          : shape < 7
            ? JSON.stringify(nearValid(g, target))
            : shape < 9
              ? Buffer.from(g.bytes(200)).toString('latin1')
              : undefined;
      headers['content-type'] = g.pick([
        'application/json',
        'application/json',
        'application/json; charset=utf-16',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=nope',
      ]);
    }
    const label = `${method} ${path} ${String(body).slice(0, 80)}`;
    let res: Response;
    try {
      res = await fetch(`${target.url}/api${path}`, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      violations.push(`${label}: request failed ${String(err)}`);
      continue;
    }
    const text = await res.text();
    // Node's own HTTP parser refuses headers or a URL over 16 KB before the app sees them.
    if (res.status === 431) continue;
    // The read-aloud clip's typed "not here" (no espeak-ng on this machine) and "queue full".
    if (res.status === 503 && /^\{"ok":false,"code":"SPEECH_(UNAVAILABLE|BUSY)"/.test(text))
      continue;
    if (res.status >= 500) violations.push(`${label}: status ${res.status} ${text.slice(0, 120)}`);
    else if (res.status >= 400) {
      try {
        const problem = describeAck(JSON.parse(text));
        if (problem) violations.push(`${label}: ${res.status} ${problem}`);
      } catch {
        violations.push(`${label}: ${res.status} non-JSON error ${text.slice(0, 80)}`);
      }
    }
  }
  return violations;
}

/** Socket.IO's HTTP long-polling transport: a handshake, then a garbage body for that session. */
async function fuzzPolling(g: Gen, target: FuzzTarget): Promise<string | null> {
  const base = `${target.url}/socket.io/?EIO=4&transport=polling`;
  try {
    const open = await fetch(`${base}&t=${g.int(1e9)}`, { signal: AbortSignal.timeout(5_000) });
    const text = await open.text();
    const sid = /"sid":"([^"]+)"/.exec(text)?.[1] ?? pathPart(g);
    const body = g.chance(0.5)
      ? Buffer.from(g.bytes(300))
      : g.pick(['40', '4', '42["vote:cast",{}]', '6', '1', '2', '3probe', '']) + g.string();
    const res = await fetch(`${base}&sid=${sid}`, {
      method: 'POST',
      headers: { 'content-type': g.pick(['text/plain;charset=UTF-8', 'application/octet-stream']) },
      body,
      signal: AbortSignal.timeout(5_000),
    });
    await res.arrayBuffer();
    return res.status >= 500 ? `polling POST: status ${res.status}` : null;
  } catch (err) {
    return `polling: ${String(err)}`;
  }
}
