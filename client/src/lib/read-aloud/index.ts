/**
 * The read-aloud engine, imported on the first tap of 朗读: the wording (with its own small
 * message files, i18n/speech.ts) and the speech synthesis. Nothing here loads with the page.
 */
import { get } from 'svelte/store';
import { _ } from '../../i18n/store';
import { ready } from '../../i18n/speech';
import type { Vote } from '../protocol';
import { composeReading } from './compose';
import { speak, stop } from './speak';

/** Reads the vote as it stands; resolves when the reading ends or is stopped. */
export async function readVote(vote: Vote, uiLang: string): Promise<void> {
  await ready();
  await speak(composeReading(vote, get(_), uiLang), uiLang);
}

export { stop };
