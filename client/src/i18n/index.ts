/**
 * i18n set-up (our small store in ./store.ts). Chinese is bundled and registered synchronously (most users never load
 * anything else); English is fetched only when chosen. The choice is kept in localStorage.
 */
import { addMessages, init, locale, register, waitLocale } from './store';
import zhCN from './zh-CN.json';

export const LOCALES = ['zh-CN', 'en'] as const;
export type AppLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = 'zh-CN';

const STORAGE_KEY = 'yb:locale';

const isAppLocale = (value: unknown): value is AppLocale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

function savedLocale(): AppLocale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isAppLocale(saved)) return saved;
  } catch {
    // storage disabled
  }
  return DEFAULT_LOCALE;
}

addMessages(DEFAULT_LOCALE, zhCN);
register('en', () => import('./en.json'));

/** Resolves once the saved locale's messages are in (immediately for Chinese). */
export async function initI18n(): Promise<void> {
  const initial = savedLocale();
  await init({ fallbackLocale: DEFAULT_LOCALE, initialLocale: initial });
  locale.subscribe((value) => {
    if (value) document.documentElement.lang = value;
  });
  await waitLocale();
}

export async function setLocale(next: AppLocale): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // the choice then lasts for this page only
  }
  await locale.set(next);
}

export { isAppLocale };
