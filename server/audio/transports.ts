import type { types } from 'mediasoup';
import type { TransportInfo } from '../../shared/protocol';
import type { Config } from '../config';
import { listenInfo } from './pool';

/**
 * A WebRTC transport on the meeting's router: on the worker's single-port WebRtcServer when
 * one is configured, else on its own port from the range. UDP first, TCP for networks that
 * block UDP.
 */
export function createWebRtcTransport(
  router: types.Router,
  server: types.WebRtcServer | undefined,
  config: Config,
  direction: 'send' | 'recv',
): Promise<types.WebRtcTransport> {
  const info = listenInfo(config);
  return router.createWebRtcTransport({
    ...(server
      ? { webRtcServer: server }
      : {
          listenInfos: [
            { protocol: 'udp', ...info },
            { protocol: 'tcp', ...info },
          ],
        }),
    enableUdp: true,
    enableTcp: true,
    preferUdp: true,
    appData: { direction },
  });
}

/** What mediasoup-client needs to build its side of the transport. */
export const transportInfo = (transport: types.WebRtcTransport): TransportInfo => ({
  id: transport.id,
  iceParameters: transport.iceParameters as unknown as Record<string, unknown>,
  iceCandidates: transport.iceCandidates as unknown as Record<string, unknown>[],
  dtlsParameters: transport.dtlsParameters as unknown as Record<string, unknown>,
});
