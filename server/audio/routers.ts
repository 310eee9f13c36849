import type { types } from 'mediasoup';
import type { Logger } from '../logger';
import { Serial } from '../util/serial';
import type { WorkerPool } from './pool';

/** Opus tuned for speech: in-band FEC survives lossy hotspots, DTX saves bandwidth in silence. */
export const MEDIA_CODECS: types.RouterRtpCodecCapability[] = [
  {
    kind: 'audio',
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
    parameters: { useinbandfec: 1, usedtx: 1, maxaveragebitrate: 32000 },
  },
];

export interface MeetingMedia {
  router: types.Router;
  /** Reports who is audible, for the speaking indicators. */
  levels: types.AudioLevelObserver;
}

/**
 * One router per meeting, created on first use. Creation is serialised so two devices joining
 * at once never get two routers. When a worker dies, its meetings are forgotten here and
 * `onLost` lets the signalling layer tell their devices to join again (on a fresh worker).
 */
export class RouterRegistry {
  private readonly media = new Map<string, MeetingMedia>();
  private readonly serial = new Serial();

  constructor(
    private readonly pool: WorkerPool,
    private readonly log: Logger,
    private readonly onLost: (meetingId: string) => void,
    private readonly onSpeaking: (meetingId: string, producerIds: string[]) => void,
  ) {
    pool.on('died', (worker) => {
      for (const [meetingId, media] of this.media) {
        if (media.router.closed || this.workerOf(media) === worker) {
          this.media.delete(meetingId);
          this.onLost(meetingId);
        }
      }
    });
  }

  private workerOf(media: MeetingMedia): types.Worker | undefined {
    return media.router.appData.worker as types.Worker | undefined;
  }

  get(meetingId: string): MeetingMedia | null {
    return this.media.get(meetingId) ?? null;
  }

  ensure(meetingId: string): Promise<MeetingMedia | null> {
    return this.serial.run(async () => {
      const existing = this.media.get(meetingId);
      if (existing && !existing.router.closed) return existing;
      const worker = await this.pool.next();
      if (!worker) return null;
      const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { worker } });
      // Speech after the browser's noise suppression averages around -30…-60 dBov over a
      // few hundred ms; -70 lights the indicator for quiet voices, not for a silent room.
      const levels = await router.createAudioLevelObserver({
        maxEntries: 8,
        threshold: -70,
        interval: 300,
      });
      levels.on('volumes', (volumes) =>
        this.onSpeaking(
          meetingId,
          volumes.map((v) => v.producer.id),
        ),
      );
      levels.on('silence', () => this.onSpeaking(meetingId, []));
      const media = { router, levels };
      this.media.set(meetingId, media);
      this.log.info({ meetingId, workerPid: worker.pid }, 'meeting router created');
      return media;
    });
  }

  close(meetingId: string): void {
    this.media.get(meetingId)?.router.close();
    this.media.delete(meetingId);
  }
}
