/**
 * A small in-house replacement for the parts of svelte-i18n we use: `locale`, `_`,
 * `addMessages`, `register`, `init` and `waitLocale`, with the same behaviour (a missing key
 * falls back to the fallback locale, then to the `default` option, then to the key; a message
 * called without `values` is returned as written; a message that fails to format is returned
 * as written). Messages are parsed once with icu-lite and formatted here.
 */
import { derived, writable, type Readable } from 'svelte/store';
import { formatMessage } from './format';

type Dict = { [key: string]: string | Dict };
type Loader = () => Promise<Dict | { default: Dict }>;
import type { Values } from './format';
export type { Values };
export { formatMessage };
export type Formatter = (key: string, options?: { values?: Values; default?: string }) => string;

const dictionaries: Record<string, Map<string, string>> = {};
const queues: Record<string, Set<Loader>> = {};
const flushes: Record<string, Promise<void>> = {};
let fallbackLocale: string | undefined;
let current: string | undefined;

/** Bumped whenever messages are added, so `_` re-renders. */
const revision = writable(0);
const internalLocale = writable<string | undefined>(undefined);
internalLocale.subscribe((value) => (current = value));

/** `zh-CN` → `zh-CN`, `zh`, then the fallback locale's. */
function possibleLocales(ref: string): string[] {
  const subs = (l: string): string[] =>
    l
      .split('-')
      .map((_, i, parts) => parts.slice(0, i + 1).join('-'))
      .reverse();
  return [...new Set([...subs(ref), ...(fallbackLocale ? subs(fallbackLocale) : [])])];
}

function flatten(dict: Dict, into: Map<string, string>, prefix = ''): void {
  for (const [key, value] of Object.entries(dict)) {
    if (typeof value === 'string') into.set(prefix + key, value);
    else if (value && typeof value === 'object') flatten(value, into, `${prefix}${key}.`);
  }
}

export function addMessages(locale: string, ...dicts: Dict[]): void {
  const dictionary = (dictionaries[locale] ??= new Map());
  for (const dict of dicts) flatten(dict, dictionary);
  revision.update((n) => n + 1);
}

export function register(locale: string, loader: Loader): void {
  (queues[locale] ??= new Set()).add(loader);
}

const hasQueue = (locale: string): boolean =>
  possibleLocales(locale).some((l) => (queues[l]?.size ?? 0) > 0);

function flush(locale: string): Promise<void> {
  if (!hasQueue(locale)) return flushes[locale] ?? Promise.resolve();
  const loads = possibleLocales(locale).map((l) => {
    const loaders = [...(queues[l] ?? [])];
    delete queues[l];
    if (loaders.length === 0) return undefined;
    return Promise.all(
      loaders.map((load) => load().then((m) => ('default' in m ? (m.default as Dict) : m))),
    ).then((dicts) => addMessages(l, ...dicts));
  });
  const done = Promise.all(loads).then(() => {
    if (hasQueue(locale)) return flush(locale);
    delete flushes[locale];
  });
  flushes[locale] = done;
  return done;
}

/** Resolves once the given (or current) locale's registered bundles are loaded. */
export function waitLocale(locale?: string): Promise<void> {
  const target = locale ?? current ?? fallbackLocale;
  return target ? flush(target) : Promise.resolve();
}

async function setLocale(next: string | undefined): Promise<void> {
  if (next && hasQueue(next)) await flush(next);
  internalLocale.set(next);
}

export const locale: Readable<string | undefined> & {
  set: (next: string | undefined) => Promise<void>;
} = { subscribe: internalLocale.subscribe, set: setLocale };

export function init(options: { fallbackLocale: string; initialLocale?: string }): Promise<void> {
  fallbackLocale = options.fallbackLocale;
  return setLocale(options.initialLocale ?? options.fallbackLocale);
}

function lookup(key: string, locale: string): string | undefined {
  for (const l of possibleLocales(locale)) {
    const message = dictionaries[l]?.get(key);
    if (message) return message;
  }
  return undefined;
}

const translate: Formatter = (key, options = {}) => {
  const locale = current;
  if (locale == null) {
    throw new Error('[i18n] Cannot format a message without first setting the initial locale.');
  }
  const message = lookup(key, locale) ?? options.default ?? key;
  if (!options.values) return message;
  try {
    return formatMessage(message, options.values, locale);
  } catch (e) {
    console.warn(`[i18n] Message "${key}" could not be formatted:`, (e as Error).message);
    return message;
  }
};

export const _: Readable<Formatter> = derived([internalLocale, revision], () => translate);
