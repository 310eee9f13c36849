import { defineHandler } from '../realtime/define-handler';
import type { AudioService } from './service';

/** Socket events of audio: signalling in mediasoup's order, then moderation. */
export function audioHandlers(audio: AudioService) {
  return [
    defineHandler('audio:join', 'audio', ({ socket, room, principal }, { mode }) =>
      audio.join(socket, room, principal, mode),
    ),
    defineHandler('audio:createTransport', 'audio', ({ socket }, { direction }) =>
      audio.createTransport(socket, direction),
    ),
    defineHandler('audio:connectTransport', 'audio', async ({ socket }, p) => {
      await audio.connect(socket, p.transportId, p.dtlsParameters);
      return {};
    }),
    defineHandler('audio:produce', 'audio', async ({ socket, room }, p) => ({
      producerId: await audio.produce(socket, room, p.transportId, p.rtpParameters),
    })),
    defineHandler('audio:consume', 'audio', ({ socket }, p) =>
      audio.consume(socket, p.transportId, p.producerId, p.rtpCapabilities),
    ),
    defineHandler('audio:resume', 'audio', async ({ socket }, { consumerId }) => {
      await audio.resume(socket, consumerId);
      return {};
    }),
    defineHandler('audio:setMuted', 'audio', ({ socket, room }, { muted }) =>
      audio.setMuted(socket, room, muted),
    ),
    // Reported by the device before or instead of joining: a phone on plain http has no
    // microphone API at all. Staff laptops are the hall microphone themselves.
    defineHandler('audio:micStatus', 'audio', ({ room, principal }, { status }) => {
      if (principal.kind === 'participant') audio.reportMic(room, principal.participantId, status);
      return {};
    }),
    defineHandler('audio:leave', 'audio', ({ socket }) => {
      audio.leave(socket.id);
      return {};
    }),
    defineHandler('audio:mute', 'facilitate', ({ room }, { participantId, muted }) =>
      audio.mute(room, participantId, muted),
    ),
    defineHandler('audio:muteAll', 'facilitate', ({ room }, { muted }) =>
      audio.muteAll(room, muted),
    ),
    defineHandler('audio:designateHall', 'facilitate', ({ room }, { participantId }) =>
      audio.designateHall(room, participantId),
    ),
  ];
}
