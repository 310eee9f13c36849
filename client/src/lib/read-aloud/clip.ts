/**
 * The server's read-aloud clip (server/speech), for phones whose browser has no voice for the
 * language or no speech synthesis at all: an MP3 of the server's own reading of the vote,
 * fetched with this phone's participant token and played in an <audio> element that the tap
 * itself created (ReadAloud.svelte), so that iOS lets it play after the download.
 */
import { matchRoute } from '../../../../shared/routes';
import { loadIdentity } from '../identity';

let playing: { audio: HTMLAudioElement; done: () => void } | null = null;
/** Bumped by every stop: a download that a stop overtook is not played. */
let generation = 0;

/** Why no clip was played: a server error code, or `NETWORK` (no answer, no sound). */
export type ClipFailure = string;

async function failureOf(res: Response): Promise<ClipFailure> {
  try {
    const body = (await res.json()) as { code?: unknown };
    return typeof body.code === 'string' ? body.code : 'INTERNAL';
  } catch {
    return 'INTERNAL';
  }
}

/** Plays the vote's clip; resolves with null when it ended or was stopped, else the failure. */
export async function playClip(
  voteId: string,
  lang: string,
  audio: HTMLAudioElement,
): Promise<ClipFailure | null> {
  stopClip();
  const mine = generation;
  const route = matchRoute(location.pathname);
  const code = route.name === 'participant' ? route.code : '';
  const token = loadIdentity(code)?.token;
  if (!token) return 'UNAUTHENTICATED';
  const query = new URLSearchParams({ lang: lang.startsWith('zh') ? 'zh-CN' : 'en' });
  let blob: Blob;
  try {
    const res = await fetch(
      `/api/meetings/${encodeURIComponent(code)}/votes/${encodeURIComponent(voteId)}/read-aloud?${query}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (!res.ok) return await failureOf(res);
    blob = await res.blob();
  } catch {
    return 'NETWORK';
  }
  if (mine !== generation) return null;
  const url = URL.createObjectURL(blob);
  return new Promise((resolve) => {
    const done = (failure: ClipFailure | null = null): void => {
      if (playing?.audio === audio) playing = null;
      audio.onended = audio.onerror = null;
      audio.pause();
      URL.revokeObjectURL(url);
      resolve(failure);
    };
    playing = { audio, done: () => done() };
    audio.onended = () => done();
    audio.onerror = () => done('INTERNAL');
    audio.src = url;
    audio.play().catch(() => done('INTERNAL'));
  });
}

export function stopClip(): void {
  generation++;
  playing?.done();
}
