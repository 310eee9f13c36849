import type { BrowserContext, Page } from '@playwright/test';

/**
 * Audio that really arrived in a page: every RTCPeerConnection the page creates is kept (the
 * script runs before the app's), so a test can read inbound RTP from getStats().
 */
export async function recordPeerConnections(target: Page | BrowserContext): Promise<void> {
  await target.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const pcs: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = pcs;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        pcs.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

export interface Inbound {
  connections: number;
  bytes: number;
  energy: number;
  level: number;
}

/** Sum of inbound audio RTP over the page's open peer connections. */
export const inboundAudio = (page: Page): Promise<Inbound> =>
  page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    const sum = { connections: pcs.length, bytes: 0, energy: 0, level: 0 };
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type !== 'inbound-rtp' || s.kind !== 'audio') return;
        sum.bytes += Number(s.bytesReceived ?? 0);
        sum.energy += Number(s.totalAudioEnergy ?? 0);
        sum.level = Math.max(sum.level, Number(s.audioLevel ?? 0));
      });
    }
    return sum;
  });
