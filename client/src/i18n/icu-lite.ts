/**
 * Our small ICU message parser (formatted by ./store.ts). It understands what our message
 * files use: literals, `{name}`, `{n, plural, …}` with `#`, `=N` and `offset:`-less options,
 * and `{x, select, …}`. Anything else throws, so a message outside that subset fails loudly.
 * The AST follows `@formatjs/icu-messageformat-parser`'s element types.
 */
export const TYPE = {
  literal: 0,
  argument: 1,
  number: 2,
  date: 3,
  time: 4,
  select: 5,
  plural: 6,
  pound: 7,
  tag: 8,
} as const;

export interface PluralOrSelectOption {
  value: MessageFormatElement[];
}
export type MessageFormatElement =
  | { type: typeof TYPE.literal; value: string }
  | { type: typeof TYPE.argument; value: string }
  | {
      type: typeof TYPE.number | typeof TYPE.date | typeof TYPE.time;
      value: string;
      style?: string;
    }
  | { type: typeof TYPE.select; value: string; options: Record<string, PluralOrSelectOption> }
  | {
      type: typeof TYPE.plural;
      value: string;
      options: Record<string, PluralOrSelectOption>;
      offset: number;
      pluralType: 'cardinal' | 'ordinal';
    }
  | { type: typeof TYPE.pound }
  | { type: typeof TYPE.tag; value: string; children: MessageFormatElement[] };

class Reader {
  pos = 0;
  constructor(readonly src: string) {}

  fail(what: string): never {
    throw new SyntaxError(`${what} at ${this.pos} in "${this.src}"`);
  }

  skipSpace(): void {
    while (/\s/.test(this.src[this.pos] ?? '')) this.pos++;
  }

  word(): string {
    this.skipSpace();
    const m = /^[^\s{},#]+/.exec(this.src.slice(this.pos));
    if (!m) this.fail('expected a name');
    this.pos += m[0].length;
    this.skipSpace();
    return m[0];
  }

  expect(ch: string): void {
    this.skipSpace();
    if (this.src[this.pos] !== ch) this.fail(`expected "${ch}"`);
    this.pos++;
  }

  /** Elements until an unmatched `}` or the end. */
  elements(inPlural: boolean): MessageFormatElement[] {
    const out: MessageFormatElement[] = [];
    let text = '';
    const flush = (): void => {
      if (text) out.push({ type: TYPE.literal, value: text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '}') break;
      if (ch === '{') {
        flush();
        out.push(this.argument());
      } else if (ch === '#' && inPlural) {
        flush();
        this.pos++;
        out.push({ type: TYPE.pound });
      } else {
        text += ch;
        this.pos++;
      }
    }
    flush();
    return out;
  }

  argument(): MessageFormatElement {
    this.expect('{');
    const name = this.word();
    if (this.src[this.pos] === '}') {
      this.pos++;
      return { type: TYPE.argument, value: name };
    }
    this.expect(',');
    const kind = this.word();
    if (kind !== 'plural' && kind !== 'select') this.fail(`unsupported argument type "${kind}"`);
    this.expect(',');
    const options: Record<string, PluralOrSelectOption> = {};
    this.skipSpace();
    while (this.src[this.pos] !== '}') {
      const key = this.word();
      this.expect('{');
      options[key] = { value: this.elements(kind === 'plural') };
      this.expect('}');
      this.skipSpace();
      if (this.pos >= this.src.length) this.fail('unterminated argument');
    }
    this.pos++;
    if (!('other' in options)) this.fail('missing "other"');
    return kind === 'plural'
      ? { type: TYPE.plural, value: name, options, offset: 0, pluralType: 'cardinal' }
      : { type: TYPE.select, value: name, options };
  }
}

export function parse(message: string): MessageFormatElement[] {
  const reader = new Reader(message);
  const out = reader.elements(false);
  if (reader.pos < message.length) reader.fail('unmatched "}"');
  return out;
}
