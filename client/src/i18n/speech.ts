/**
 * Messages of the read-aloud wording (lib/read-aloud), loaded with it on the first tap of
 * 朗读: most phones never need them.
 */
import { addMessages, register, waitLocale } from './store';
import zhCNSpeech from './zh-CN.speech.json';

addMessages('zh-CN', zhCNSpeech);
register('en', () => import('./en.speech.json'));

/** Resolves once the current locale's read-aloud messages are in. */
export const ready = (): Promise<void> => waitLocale();
