/**
 * Formats one ICU message (parsed by icu-lite) with its values: the pure half of ./store.ts,
 * also used by the server's read-aloud clip (server/speech/wording.ts) over the same files.
 */
import { parse, TYPE, type MessageFormatElement } from './icu-lite';

export type Values = Record<string, unknown>;

const asts = new Map<string, MessageFormatElement[]>();
const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function rules(locale: string): Intl.PluralRules {
  let r = pluralRules.get(locale);
  if (!r) pluralRules.set(locale, (r = new Intl.PluralRules(locale)));
  return r;
}

function numberFormat(locale: string): Intl.NumberFormat {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale)));
  return f;
}

function show(value: unknown, locale: string): string {
  if (typeof value === 'number') return numberFormat(locale).format(value);
  if (value instanceof Date) return value.toLocaleString(locale);
  return value == null ? '' : String(value);
}

function render(
  elements: MessageFormatElement[],
  values: Values,
  locale: string,
  pluralValue?: number,
): string {
  let out = '';
  for (const el of elements) {
    if (el.type === TYPE.literal) {
      out += el.value;
      continue;
    }
    if (el.type === TYPE.pound) {
      out += pluralValue === undefined ? '#' : numberFormat(locale).format(pluralValue);
      continue;
    }
    if (el.type === TYPE.tag) {
      out += render(el.children, values, locale, pluralValue);
      continue;
    }
    if (!(el.value in values)) throw new Error(`The value "${el.value}" was not provided`);
    const value = values[el.value];
    if (el.type === TYPE.argument) {
      // Like intl-messageformat: a plain argument is printed as is, not number-formatted.
      out +=
        typeof value === 'string' || typeof value === 'number'
          ? String(value)
          : value
            ? show(value, locale)
            : '';
    } else if (el.type === TYPE.plural) {
      const n = Number(value) - el.offset;
      const option =
        el.options[`=${String(value)}`] ?? el.options[rules(locale).select(n)] ?? el.options.other;
      if (!option) throw new Error(`No option for "${el.value}"`);
      out += render(option.value, values, locale, n);
    } else if (el.type === TYPE.select) {
      const option = el.options[String(value)] ?? el.options.other;
      if (!option) throw new Error(`No option for "${el.value}"`);
      out += render(option.value, values, locale, pluralValue);
    } else {
      out += show(value, locale);
    }
  }
  return out;
}

/** Formats one message in a locale; exported for the unit tests. */
export function formatMessage(message: string, values: Values, locale: string): string {
  let ast = asts.get(message);
  if (!ast) asts.set(message, (ast = parse(message)));
  return render(ast, values, locale);
}
