/** Why audio cannot run here. */
export type AudioProblem =
  /** npm left mediasoup out (its worker could be neither downloaded nor built). */
  | 'no-module'
  /** The mediasoup package is there but cannot be loaded (a broken install). */
  | 'load-failed'
  /** No worker binary: MEDIASOUP_WORKER_BIN unset and none inside node_modules/mediasoup. */
  | 'no-worker'
  /** MEDIASOUP_WORKER_BIN names a file that does not exist. */
  | 'worker-not-found'
  /** The binary exists but no worker started (another version, a missing library). */
  | 'worker-failed';

/** Where mediasoup's install script downloads the prebuilt worker from (for a mirror). */
const RELEASES = 'https://github.com/versatica/mediasoup/releases/download';

/**
 * The one log line that says audio is off and how to get it. It names the three ways: a
 * worker binary (MEDIASOUP_WORKER_BIN), a mirror of the download host (mediasoup's own
 * MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL), or building one (server/audio/build-worker.sh).
 */
export function audioUnavailableHint(
  problem: AudioProblem,
  version: string,
  workerBin: string | null,
): string {
  const bin = `MEDIASOUP_WORKER_BIN=/path/to/mediasoup-worker-${version}`;
  const mirror = `MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL=<a mirror of ${RELEASES}>`;
  const worker = `${bin} (a prebuilt worker; bash server/audio/build-worker.sh builds one on Debian)`;
  const reinstall = `to add audio, run npm install (and npm start) with ${worker}, or npm install with ${mirror}; see README "Audio"`;
  const restart = `to add audio, start with ${worker}, or reinstall mediasoup with ${mirror}; see README "Audio"`;
  switch (problem) {
    case 'no-module':
      return `audio unavailable, meetings run without it: mediasoup ${version} is not installed (npm could neither download nor build its worker); ${reinstall}`;
    case 'load-failed':
      return `audio unavailable, meetings run without it: the mediasoup package fails to load (a broken install); ${reinstall}`;
    case 'no-worker':
      return `audio unavailable, meetings run without it: no mediasoup worker binary; ${restart}`;
    case 'worker-not-found':
      return `audio unavailable, meetings run without it: MEDIASOUP_WORKER_BIN=${workerBin ?? ''} does not exist; ${restart}`;
    case 'worker-failed':
      return `audio unavailable, meetings run without it: the mediasoup worker ${workerBin ?? ''} did not start (it must be built for mediasoup ${version}; Debian needs libnss3); ${restart}`;
  }
}
