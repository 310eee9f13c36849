/**
 * Messages of the audio panel, loaded with it: phones in the room never need them, and
 * remote members get them only when the panel appears.
 */
import { addMessages, register, waitLocale } from './store';
import zhCNAudio from './zh-CN.audio.json';

addMessages('zh-CN', zhCNAudio);
register('en', () => import('./en.audio.json'));

/** Resolves once the current locale's audio messages are in. */
export const ready = (): Promise<void> => waitLocale();
