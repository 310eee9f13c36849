/**
 * Messages of the pages a voter's phone does not show: the hall screen, the home page and the
 * meeting headers they share with the console. Loaded with those pages (App.svelte), kept out
 * of the bundle phones load.
 */
import { addMessages, register, waitLocale } from './store';
import zhCNScreen from './zh-CN.screen.json';

addMessages('zh-CN', zhCNScreen);
register('en', () => import('./en.screen.json'));

/** Resolves once the current locale's hall-screen messages are in. */
export const ready = (): Promise<void> => waitLocale();
