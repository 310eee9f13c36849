import { expect } from 'vitest';
import type { JoinAudioResult, RoomState } from '../../../shared/protocol';
import { adminClient, createLiveMeeting, join } from './api';
import { connectSocket, emitAck, type TestSocket } from './realtime';

/**
 * On a server without audio: the room says so, joining audio is refused with a typed code,
 * and the rest of the meeting (here the speakers' queue) goes on. The phone's socket is
 * pushed to `sockets` for the caller to close.
 */
export async function expectMeetingWithoutAudio(url: string, sockets: TestSocket[]): Promise<void> {
  const admin = await adminClient(url);
  const { meeting } = await createLiveMeeting(admin);
  const state = await admin.ok<RoomState>('GET', `/meetings/${meeting.code}/state`);
  expect(state.audio.available).toBe(false);

  const villager = await join(url, meeting.code, '李四', 'remote');
  const socket = await connectSocket(url, {
    meetingCode: meeting.code,
    as: 'participant',
    token: villager.token,
  });
  sockets.push(socket);
  expect(await emitAck(socket, 'audio:join', { mode: 'member' })).toMatchObject({
    ok: false,
    code: 'AUDIO_UNAVAILABLE',
  });
  // The speakers' queue does not need audio.
  expect(await emitAck(socket, 'speakers:raise', { raised: true })).toMatchObject({
    ok: true,
    data: { queue: [{ name: '李四', origin: 'remote' }] },
  });
}

/** Opus as a browser would offer it, with a fixed SSRC. */
export const opusRtpParameters = (ssrc = 11111111) => ({
  codecs: [
    {
      mimeType: 'audio/opus',
      payloadType: 111,
      clockRate: 48000,
      channels: 2,
      parameters: { useinbandfec: 1, usedtx: 1 },
      rtcpFeedback: [],
    },
  ],
  encodings: [{ ssrc }],
  headerExtensions: [],
  rtcp: { cname: `test-${ssrc}`, reducedSize: true },
});

const FAKE_DTLS = {
  role: 'client' as const,
  fingerprints: [{ algorithm: 'sha-256', value: Array(32).fill('AB').join(':') }],
};

export async function ok<T>(
  promise: Promise<{ ok: true; data: T } | { ok: false; code: string; message: string }>,
): Promise<T> {
  const ack = await promise;
  if (!ack.ok) throw new Error(`${ack.code}: ${ack.message}`);
  return ack.data;
}

/** Signalling as mediasoup-client does it, without the media: join → transport → connect. */
export async function joinAudio(
  socket: TestSocket,
  mode: 'hall' | 'member' = 'member',
): Promise<JoinAudioResult> {
  return ok(emitAck(socket, 'audio:join', { mode }));
}

export async function transport(socket: TestSocket, direction: 'send' | 'recv'): Promise<string> {
  const info = await ok(emitAck(socket, 'audio:createTransport', { direction }));
  await ok(
    emitAck(socket, 'audio:connectTransport', { transportId: info.id, dtlsParameters: FAKE_DTLS }),
  );
  return info.id;
}
