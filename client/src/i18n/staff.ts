/**
 * Messages of the staff pages (login, setup, console), kept out of the bundle phones load.
 * App.svelte imports this module next to any staff page and waits for `ready()`.
 */
import { addMessages, register, waitLocale } from './store';
import zhCNStaff from './zh-CN.staff.json';

addMessages('zh-CN', zhCNStaff);
register('en', () => import('./en.staff.json'));

/** Resolves once the current locale's staff messages are in. */
export const ready = (): Promise<void> => waitLocale();
