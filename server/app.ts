import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import compression from 'compression';
import express from 'express';
import { ERROR_CODES, LIMITS } from '../shared/protocol';
import { ParticipantTokens } from './auth/participant-tokens';
import { Principals } from './auth/principals';
import { authRoutes } from './http/routes/auth';
import { loadSecret } from './auth/secret';
import { UserService } from './auth/users';
import { agendaSource, deriveRoomAgenda } from './collab/agenda';
import { DocStore } from './collab/docs';
import { SqlDocPersistence } from './collab/persistence';
import { CollabServer } from './realtime/collab-server';
import type { Config } from './config';
import { exportCommands } from './export/commands';
import { exportRoutes } from './http/routes/records';
import { RecordService } from './export/service';
import { commandRoutes } from './http/routes/commands';
import { EventLog } from './events/log';
import { faultSeam } from './events/faults';
import { EventStream } from './events/stream';
import { Guards } from './http/guards';
import { securityHeaders } from './http/headers';
import { RequestLimits } from './http/limits';
import { stateChangeGuard } from './http/origin';
import { lanAddress, type PublicOrigin } from './http/public-url';
import { bodyErrors, sendError } from './http/respond';
import { serveClient } from './http/static';
import { category, createLogger, type Logger } from './logger';
import { MeetingBus } from './meetings/bus';
import { meetingCommands } from './meetings/commands';
import { ScreenService } from './meetings/screen';
import { MeetingRepo } from './meetings/repo';
import { RoomRegistry } from './meetings/rooms';
import { meetingRoutes } from './http/routes/meetings';
import { MeetingCloser } from './meetings/close';
import { MeetingService } from './meetings/service';
import { StaffService } from './meetings/staff';
import { RosterService } from './meetings/roster';
import { Admission } from './meetings/admission';
import { admissionRoutes } from './http/routes/admission';
import { staffRoutes } from './http/routes/staff';
import { createRealtime } from './realtime/io';
import { noticeConsumer } from './realtime/notices';
import { audioHandlers } from './audio/handlers';
import { AudioService } from './audio/service';
import { speakersCommands } from './speakers/commands';
import { speechRoutes } from './http/routes/speech';
import { SpeechService } from './speech/service';
import { loadSpeakers, SpeakersService } from './speakers/service';
import { openDatabase } from './storage/db';
import { Checkpointer } from './storage/checkpoint';
import { votingCommands } from './voting/commands';
import { loadVotes } from './voting/load';
import { VoteRepo } from './voting/repo';
import { votingRoutes } from './http/routes/votes';
import { VotingService } from './voting/service';
import { RecordSigner, SIGNING_KEY_FILE } from './audit/signing';
import { ladderCommands } from './ladder/commands';
import { LadderService } from './ladder/service';
import { DelegatedVoting } from './voting/delegated';
import { HallCounting } from './voting/hall-service';
import { pulseCommands } from './pulse/commands';
import { PulseService } from './pulse/service';
import { httpsEnabled, loopbackOnly } from './tls/mode';
import { renewOnAddressChange } from './tls/renew';
import { tlsRoutes } from './http/routes/tls';
import { dualProtocol } from './tls/sniff';
import { loadTls } from './tls/store';

export interface RunningServer {
  server: Server;
  /** The meetings in memory (tests look at which are loaded). */
  rooms: RoomRegistry;
  audio: AudioService;
  /** The read-aloud clip maker (server/speech): whether it is available, clips made. */
  speech: SpeechService;
  port: number;
  url: string;
  /** The address phones open (PUBLIC_URL, else this machine's LAN address): for the banner. */
  phoneUrl: string;
  /** Where phones install the local CA (plain http), when HTTPS is on. */
  trustUrl: string | null;
  log: Logger;
  close(): Promise<void>;
}

/** The composition root: config → storage → services → http → realtime → collab → audio. */
export async function startServer(config: Config, logger?: Logger): Promise<RunningServer> {
  const log = logger ?? createLogger(config.LOG_LEVEL);
  // Tests only; refused (the server does not start) without YUANBA_TEST=1.
  const fault = faultSeam(config);
  // Every change appends its event in its own transaction; after the commit the event log
  // hands it to the stream, whose consumers (notices → broadcasts, the record) follow it.
  let events: EventLog | null = null;
  const db = await openDatabase(config.DATA_DIR, {
    afterCommit: () => events?.committed(),
    afterRollback: () => events?.rolledBack(),
  });
  events = new EventLog(db);
  const stream = new EventStream(db, events, category(log, 'events'));
  events.onCommit((appended) => {
    fault(appended);
    stream.published(appended);
  });
  const secret = loadSecret(config.DATA_DIR, config.SECRET);

  const bus = new MeetingBus();
  const users = new UserService(db);
  const tokens = new ParticipantTokens(secret);
  const principals = new Principals(users, tokens);
  const meetingRepo = new MeetingRepo(db);
  const voteRepo = new VoteRepo(db);

  let rooms: RoomRegistry | null = null;
  const docs = new DocStore(
    new SqlDocPersistence(db),
    category(log, 'collab'),
    deriveRoomAgenda(
      (id) => rooms?.loaded(id) ?? Promise.resolve(null),
      (id) => bus.emit('roomChanged', id),
    ),
  );
  const audio = new AudioService(config, () => rooms!, bus, category(log, 'audio'));
  const screens = new ScreenService(db, (meetingId) => voteRepo.closedVotes(meetingId), bus);
  rooms = new RoomRegistry(
    meetingRepo,
    agendaSource(docs),
    [
      loadVotes(voteRepo),
      loadSpeakers,
      screens.load,
      (room) => {
        room.audio = audio.status(room.id);
      },
    ],
    bus,
  );
  // No worker (no binary, a crash at start): the meeting runs on without audio.
  await audio.start();
  // No espeak-ng or lame: the server starts; phones without a Chinese voice are told so.
  const speech = await SpeechService.start(config, category(log, 'speech'));
  const meetings = new MeetingService(meetingRepo, rooms, bus, events);
  const checkpoints = new Checkpointer(db, (err) =>
    category(log, 'storage').warn({ err }, 'WAL checkpoint failed'),
  );
  const voting = new VotingService(voteRepo, events, checkpoints);
  const hall = new HallCounting(voteRepo, events, voting);
  const speakers = new SpeakersService(meetingRepo, bus, (room) => audio.enforce(room));
  const ladders = new LadderService(db, events);
  const delegated = new DelegatedVoting(db, voting, events, bus);
  const pulses = new PulseService(db, events, bus);
  // Idle meetings leave memory; these keep one in until they are done with it.
  rooms.keepers.push(
    { why: 'minutes not yet stored', keeps: (meetingId) => !docs.canUnload(meetingId) },
    { why: 'an open temperature check', keeps: (meetingId) => pulses.isOpen(meetingId) },
  );
  bus.on('meetingUnloaded', (meetingId) => docs.unload(meetingId));
  const idleMs = config.MEETING_IDLE_SEC * 1000;
  const sweeper = setInterval(
    () => rooms?.sweep(idleMs),
    Math.min(60_000, Math.max(1_000, idleMs / 2)),
  );
  sweeper.unref();
  const signer = RecordSigner.load(
    config.RECORD_KEY_FILE ?? path.join(config.DATA_DIR, SIGNING_KEY_FILE),
  );
  const records = new RecordService(
    db,
    rooms,
    voting,
    voteRepo,
    users,
    docs,
    events,
    stream,
    ladders,
    signer,
    pulses,
  );
  // Closing is a meetings command; the record follows as a consumer of meeting.closed.
  const closer = new MeetingCloser(meetingRepo, events, voting, (id) => records.minutesDigest(id));
  stream.register(records.consumer());
  stream.register(noticeConsumer(rooms, bus, (room) => ladders.latest(room)));
  const limits = new RequestLimits(config.RATE_LIMIT_FACTOR);
  const guards = new Guards(principals, rooms, limits);
  const staff = new StaffService(meetingRepo, users, events);
  const roster = new RosterService(meetingRepo, meetings, events);
  const admission = new Admission(meetingRepo, meetings, roster, tokens, bus, events);

  // Phones need a secure context for the microphone: HTTPS beside HTTP on the same port.
  const tls = httpsEnabled(config.HTTPS, config.HOST, config.PUBLIC_URL)
    ? loadTls(config.DATA_DIR)
    : null;
  if (tls?.reissued) category(log, 'tls').info({ reason: tls.reissued }, 'certificate issued');
  const publicOrigin: PublicOrigin = { configured: config.PUBLIC_URL, https: tls !== null };
  // Every command once: the socket and its REST door, where it has one, run one definition.
  const commands = [
    ...meetingCommands({ meetings, screens, staff, roster, admission, docs }),
    ...exportCommands(closer, records),
    ...votingCommands(voting, hall, delegated),
    ...ladderCommands(ladders),
    ...pulseCommands(pulses),
    ...speakersCommands(speakers),
  ];

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // Phones on a weak courtyard network: gzip cuts the voter's JS from ~144 KB to ~51 KB.
  app.use(compression());
  app.use(securityHeaders());
  app.get('/healthz', (_req, res) => res.json({ ok: true }));
  app.use(tlsRoutes(tls, publicOrigin));
  app.use('/api', stateChangeGuard(config.PUBLIC_URL));
  app.use('/api', express.json({ limit: LIMITS.restBodyBytes }));
  const httpLog = category(log, 'http');
  app.use('/api', authRoutes(users, guards, limits, httpLog));
  app.use('/api', meetingRoutes(meetings, guards, publicOrigin, httpLog));
  app.use('/api', staffRoutes(staff, guards, httpLog));
  app.use('/api', admissionRoutes(admission, guards, limits, publicOrigin, httpLog));
  app.use('/api', commandRoutes(commands, guards, httpLog));
  app.use('/api', votingRoutes(voting, guards, httpLog));
  app.use('/api', exportRoutes(records, signer, guards, httpLog));
  app.use('/api', speechRoutes(speech, voting, guards, httpLog));
  app.use('/api', (_req, res) =>
    sendError(res, { ok: false, code: ERROR_CODES.VALIDATION, message: 'Unknown API route' }),
  );
  app.use(bodyErrors(httpLog));
  serveClient(app, config.STATIC_DIR);

  const server = createServer(app);
  const realtime = createRealtime(server, {
    rooms,
    principals,
    bus,
    limits,
    publicUrl: config.PUBLIC_URL,
    handlers: [...commands, ...audioHandlers(audio)],
    log: category(log, 'realtime'),
    budgets: {
      eventsPerSec: config.RATE_SOCKET_EVENTS_PER_SEC,
      eventsBurst: config.RATE_SOCKET_EVENTS_BURST,
      strikes: config.RATE_SOCKET_STRIKES,
      inFlight: config.RATE_SOCKET_IN_FLIGHT,
      connectionsPerAddress: config.RATE_CONNECTIONS_PER_ADDRESS,
      handshakesPerAddressPerMin: config.RATE_HANDSHAKES_PER_ADDRESS_PER_MIN,
    },
    waitingList: (room) => admission.list(room),
    silentRoom: config.BENCH_NO_ROOM_BROADCAST,
  });
  const collab = new CollabServer(
    rooms,
    docs,
    principals,
    category(log, 'collab'),
    {
      messagesPerSec: config.RATE_COLLAB_MESSAGES_PER_SEC,
      messagesBurst: config.RATE_COLLAB_MESSAGES_BURST,
      connectionsPerAddress: config.RATE_CONNECTIONS_PER_ADDRESS,
      handshakesPerAddressPerMin: config.RATE_HANDSHAKES_PER_ADDRESS_PER_MIN,
    },
    { limits, publicUrl: config.PUBLIC_URL },
  );
  // Staff taken off a meeting, or a revoked personal link, lose the minutes at once (issue 9).
  bus.on('staffChanged', (meetingId) => collab.revalidate(meetingId));
  bus.on('participantRevoked', (meetingId) => collab.revalidate(meetingId));
  server.on('upgrade', (req, socket, head) => {
    if (collab.handles(req.url)) void collab.handleUpgrade(req, socket, head);
    // Everything else (/socket.io/) is Socket.IO's own upgrade listener.
  });

  // Durable consumers catch up from their cursors before anyone is served (a record whose
  // close committed just before a crash is built now).
  await stream.start();

  // With HTTPS, one listener reads each connection's first byte and hands it on (tls/sniff.ts).
  const dual = tls ? dualProtocol(server, tls) : null;
  const stopRenewing = dual
    ? renewOnAddressChange(config.DATA_DIR, dual, category(log, 'tls'))
    : () => {};
  const listener = dual?.server ?? server;
  await new Promise<void>((resolve) => listener.listen(config.PORT, config.HOST, resolve));
  const port = (listener.address() as AddressInfo).port;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  const lan = config.HOST === '0.0.0.0' ? lanAddress() : null;
  const phoneHost = lan ?? (config.HOST === '0.0.0.0' ? null : config.HOST);
  const reachable = phoneHost !== null && !loopbackOnly(phoneHost);
  const phoneUrl = config.PUBLIC_URL ?? (reachable ? `http://${phoneHost}:${port}` : url);
  const trustUrl = tls && reachable ? `http://${phoneHost}:${port}/trust` : null;
  log.info(
    { url, phones: phoneUrl, trust: trustUrl, https: tls !== null, dataDir: config.DATA_DIR },
    'Yuanba is listening',
  );

  return {
    server,
    rooms,
    audio,
    speech,
    port,
    url,
    phoneUrl,
    trustUrl,
    log,
    async close() {
      clearInterval(sweeper);
      collab.close();
      await realtime.close();
      audio.close();
      await stream.stop();
      await docs.close();
      // The WAL's images of secret ballots go now, not with the next start.
      await checkpoints.now().catch((err: unknown) => log.warn({ err }, 'WAL checkpoint failed'));
      checkpoints.dispose();
      server.closeAllConnections();
      stopRenewing();
      dual?.closeAllConnections();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
      await db.destroy();
    },
  };
}
