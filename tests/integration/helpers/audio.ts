import type { JoinAudioResult } from '../../../shared/protocol';
import { emitAck, type TestSocket } from './realtime';

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
