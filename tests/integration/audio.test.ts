import { describe, expect, it } from 'vitest';
import type { AudioSource, RoomState } from '../../shared/protocol';
import { createLiveMeeting, join } from './helpers/api';
import { joinAudio, ok, opusRtpParameters, transport } from './helpers/audio';
import { emitAck, until, waitForEvent, type TestSocket } from './helpers/realtime';
import { useServer } from './helpers/fixture';

// The real mediasoup worker (MEDIASOUP_WORKER_BIN, node_modules, or ../shared beside the repo).
const fx = useServer();
const staff = (code: string) => fx.staffSocket(code);
async function member(code: string, name: string, attendance: 'room' | 'remote') {
  const joined = await join(fx.server.url, code, name, attendance);
  const socket = await fx.phone(code, joined.token);
  return { socket, id: joined.participant.id };
}

describe('audio through mediasoup', () => {
  it('is available and runs the signalling round trip in canonical order', async () => {
    expect(fx.server.audio.pool.available).toBe(true);
    const { meeting } = await createLiveMeeting(fx.admin);
    const hall = await staff(meeting.code);
    const remote = await member(meeting.code, '远程委员', 'remote');

    const hallJoin = await joinAudio(hall, 'hall');
    expect(hallJoin.kind).toBe('hall');
    expect(hallJoin.canConsume).toBe(true);
    const caps = hallJoin.routerRtpCapabilities as { codecs: { mimeType: string }[] };
    expect(caps.codecs.map((c) => c.mimeType)).toContain('audio/opus');

    const remoteJoin = await joinAudio(remote.socket);
    expect(remoteJoin).toMatchObject({ kind: 'remote', canProduce: true, canConsume: true });
    const sendId = await transport(remote.socket, 'send');
    const { producerId } = await ok(
      emitAck(remote.socket, 'audio:produce', {
        transportId: sendId,
        kind: 'audio',
        rtpParameters: opusRtpParameters(),
      }),
    );

    const sources = waitForEvent(hall, 'audio:sources', (s) => s.length > 0);
    const recvId = await transport(hall, 'recv');
    const [source] = (await sources) as AudioSource[];
    expect(source).toMatchObject({ producerId, owner: remote.id, name: '远程委员' });
    const consumer = await ok(
      emitAck(hall, 'audio:consume', {
        transportId: recvId,
        producerId,
        rtpCapabilities: hallJoin.routerRtpCapabilities,
      }),
    );
    expect(consumer.kind).toBe('audio');
    await ok(emitAck(hall, 'audio:resume', { consumerId: consumer.id }));
    expect(fx.server.audio.stats(meeting.id)).toEqual({
      peers: 2,
      transports: 2,
      producers: 1,
      consumers: 1,
    });
    const state = await fx.admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
    expect(state.audio).toMatchObject({ available: true, hallDevice: true, floorOnly: false });
  });

  it('cleans up transports, producers and consumers when a device drops', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const hall = await staff(meeting.code);
    const remote = await member(meeting.code, '掉线的人', 'remote');
    const hallJoin = await joinAudio(hall, 'hall');
    await joinAudio(remote.socket);
    const sendId = await transport(remote.socket, 'send');
    const { producerId } = await ok(
      emitAck(remote.socket, 'audio:produce', {
        transportId: sendId,
        kind: 'audio',
        rtpParameters: opusRtpParameters(22222222),
      }),
    );
    const recvId = await transport(hall, 'recv');
    await ok(
      emitAck(hall, 'audio:consume', {
        transportId: recvId,
        producerId,
        rtpCapabilities: hallJoin.routerRtpCapabilities,
      }),
    );
    const emptied = waitForEvent(hall, 'audio:sources', (s) => s.length === 0);
    remote.socket.close();
    await emptied;
    await until(() => fx.server.audio.stats(meeting.id).consumers === 0, 5000, 'consumer closed');
    expect(fx.server.audio.stats(meeting.id)).toEqual({
      peers: 1,
      transports: 1,
      producers: 0,
      consumers: 0,
    });
  });

  it('enforces the floor on the server: phones need it, mute-all and mute-one pause producers', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const chair = await staff(meeting.code);
    const phone = await member(meeting.code, '现场村民', 'room');
    const remote = await member(meeting.code, '外出务工', 'remote');

    // A phone in the room never plays meeting audio and has no microphone without the floor.
    const phoneJoin = await joinAudio(phone.socket);
    expect(phoneJoin).toMatchObject({ kind: 'room', canProduce: false, canConsume: false });
    const refusedRecv = await emitAck(phone.socket, 'audio:createTransport', { direction: 'recv' });
    expect(refusedRecv).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const phoneSend = await transport(phone.socket, 'send');
    const produce = (socket: TestSocket, transportId: string, ssrc: number) =>
      emitAck(socket, 'audio:produce', {
        transportId,
        kind: 'audio',
        rtpParameters: opusRtpParameters(ssrc),
      });
    expect(await produce(phone.socket, phoneSend, 3)).toMatchObject({
      ok: false,
      code: 'FLOOR_REQUIRED',
    });

    // The phone raises a hand and is given the floor: now it may speak (push-to-talk).
    await ok(emitAck(phone.socket, 'speakers:raise', { raised: true }));
    await ok(emitAck(chair, 'speakers:give', {}));
    await ok(produce(phone.socket, phoneSend, 3));

    // A remote member may speak freely until mute-all.
    await joinAudio(remote.socket);
    const remoteSend = await transport(remote.socket, 'send');
    await ok(produce(remote.socket, remoteSend, 4));
    const remoteProducer = () => fx.server.audio.producerOf(meeting.id, remote.id)!;
    const phoneProducer = () => fx.server.audio.producerOf(meeting.id, phone.id)!;
    expect(remoteProducer().paused).toBe(false);

    // Participants cannot run moderation.
    expect(await emitAck(remote.socket, 'audio:muteAll', { muted: true })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    const status = await ok(emitAck(chair, 'audio:muteAll', { muted: true }));
    expect(status.floorOnly).toBe(true);
    expect(remoteProducer().paused).toBe(true);
    expect(phoneProducer().paused).toBe(false); // the floor holder keeps speaking
    expect(await emitAck(remote.socket, 'audio:setMuted', { muted: false })).toMatchObject({
      ok: false,
      code: 'FLOOR_REQUIRED',
    });

    // Taking the floor back closes the phone; giving it to the remote member opens theirs.
    await ok(emitAck(chair, 'speakers:take', {}));
    expect(phoneProducer().paused).toBe(true);
    await ok(emitAck(remote.socket, 'speakers:raise', { raised: true }));
    await ok(emitAck(chair, 'speakers:give', {}));
    expect(remoteProducer().paused).toBe(false);

    // Mute-one holds the mic closed until released, even after mute-all ends.
    await ok(emitAck(chair, 'speakers:take', {}));
    await ok(emitAck(chair, 'audio:muteAll', { muted: false }));
    await ok(emitAck(chair, 'audio:mute', { participantId: remote.id, muted: true }));
    expect(remoteProducer().paused).toBe(true);
    expect(await emitAck(remote.socket, 'audio:setMuted', { muted: false })).toMatchObject({
      ok: false,
      code: 'FLOOR_REQUIRED',
    });
    await ok(emitAck(chair, 'audio:mute', { participantId: remote.id, muted: false }));
    await ok(emitAck(remote.socket, 'audio:setMuted', { muted: false }));
    expect(remoteProducer().paused).toBe(false);
  });

  it('lets the facilitator make a participant’s device the hall device, and follows attendance', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const chair = await staff(meeting.code);
    const pa = await member(meeting.code, '音响师小赵', 'room');
    const other = await member(meeting.code, '旁人', 'remote');

    expect(await emitAck(pa.socket, 'audio:join', { mode: 'hall' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(
      await emitAck(other.socket, 'audio:designateHall', { participantId: other.id }),
    ).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const status = await ok(emitAck(chair, 'audio:designateHall', { participantId: pa.id }));
    expect(status.hallParticipant).toBe(pa.id);
    const joined = await joinAudio(pa.socket, 'hall');
    expect(joined).toMatchObject({ kind: 'hall', canProduce: true, canConsume: true });

    // Taking the role away drops that device's audio; it is told to join again.
    const reset = waitForEvent(pa.socket, 'audio:reset');
    await ok(emitAck(chair, 'audio:designateHall', { participantId: null }));
    await reset;
    expect(fx.server.audio.stats(meeting.id).peers).toBe(0);

    // A remote member who moves into the room becomes a silent phone.
    expect((await joinAudio(other.socket)).kind).toBe('remote');
    const moved = waitForEvent(other.socket, 'audio:reset');
    await ok(emitAck(chair, 'participant:update', { participantId: other.id, attendance: 'room' }));
    await moved;
    expect(await joinAudio(other.socket)).toMatchObject({ kind: 'room', canConsume: false });
  });

  it('recovers a meeting’s audio on a fresh worker when its worker dies', async () => {
    const { meeting } = await createLiveMeeting(fx.admin);
    const hall = await staff(meeting.code);
    await joinAudio(hall, 'hall');
    await transport(hall, 'recv');
    const [pid] = fx.server.audio.pool.pids();
    const reset = waitForEvent(hall, 'audio:reset', () => true, 10_000);
    process.kill(pid!, 'SIGKILL');
    await reset;
    await until(() => fx.server.audio.pool.size === 1, 10_000, 'replacement worker');
    expect(fx.server.audio.pool.pids()[0]).not.toBe(pid);
    // The device joins again and gets a working router on the new worker.
    const again = await joinAudio(hall, 'hall');
    expect(again.kind).toBe('hall');
    await transport(hall, 'recv');
    expect(fx.server.audio.stats(meeting.id).transports).toBe(1);
  });
});
