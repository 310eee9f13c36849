/**
 * The read-aloud clip (issue 11): phones whose browser has no Chinese speech-synthesis voice
 * (many cheap Androids, in-app browsers) play an MP3 the server made of the *server's own*
 * reading of a vote; nobody can make it say anything else. No cloud: espeak-ng and lame on
 * this machine. Without them the server starts as ever and the clip is reported unavailable.
 */
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { TalliedVote } from '../../shared/protocol';
import { redactVote } from '../../shared/redact';
import { ClipMaker, type Clip } from './clips';
import { checkEngine, speechUnavailableHint, type EngineBins } from './engine';
import { toSsml } from './ssml';
import { readingOf, type SpeechLocale } from './wording';

export class SpeechService {
  private constructor(readonly clips: ClipMaker) {}

  static async start(config: Config, log: Logger): Promise<SpeechService> {
    const bins: EngineBins = { espeak: config.ESPEAK_BIN, lame: config.LAME_BIN };
    const problem = await checkEngine(bins);
    if (problem) log.warn({ problem }, speechUnavailableHint(problem, bins));
    return new SpeechService(new ClipMaker(bins, problem));
  }

  get available(): boolean {
    return this.clips.available;
  }

  /** The clip of a vote as the public (a phone) sees it now, in this language. */
  clipOf(vote: TalliedVote, locale: SpeechLocale): Promise<Clip> {
    return this.clips.clip(toSsml(readingOf(redactVote(vote, 'public'), locale)));
  }
}
