/**
 * The one normaliser for user text: typed text at the zod boundary (shared/protocol/common.ts
 * `userText`), and the whole record before it is signed and rendered (minutes and agenda come
 * from co-editing clients, not through zod). Any Unicode can arrive from a phone, and some of
 * it breaks documents or misleads readers.
 */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Removed: C0 and C1 controls and DEL except tab and newline (invalid in XML 1.0, or invisible
 * and misleading), non-characters (U+FFFE, U+FFFF, U+FDD0–U+FDEF and the last two of every
 * plane: `word/document.xml` with them is not XML), and bidi controls (embeddings, overrides,
 * isolates, LRM/RLM/ALM), which reorder what a reader sees in a record.
 */
const REMOVED = /(?![\t\n])\p{Cc}|\p{Noncharacter_Code_Point}|\p{Bidi_Control}/gu;

/**
 * Well-formed (lone surrogates become U+FFFD), CR/CRLF line ends become LF, without the
 * characters above, then NFC. Idempotent. What is left is valid in XML 1.0 and UTF-8.
 */
export function normaliseText(text: string): string {
  return (
    text
      .replace(LONE_SURROGATE, '\uFFFD')
      .replace(/\r\n?/g, '\n')
      .replace(REMOVED, '')
      // Last: a removed control between a letter and its accent lets them compose.
      .normalize('NFC')
  );
}

/**
 * JSON with every character `normaliseText` would remove written as a \uXXXX escape instead:
 * the file holds none of them raw, yet JSON.parse gives back exactly what was hashed and
 * signed (audit entries keep the bytes their hashes cover).
 */
export function stringifyEscaped(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    /(?![\t\n])\p{Cc}|\p{Noncharacter_Code_Point}|\p{Bidi_Control}/gu,
    // Per UTF-16 unit, so a non-character beyond the BMP becomes its escaped surrogate pair.
    (c) => c.replace(/[^]/g, (u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

/** A copy of a JSON-like value with every string (keys too) normalised. */
export function normaliseDeep<T>(value: T): T {
  if (typeof value === 'string') return normaliseText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => normaliseDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[normaliseText(k)] = normaliseDeep(v);
    return out as T;
  }
  return value;
}

/**
 * Names compared for the same-name hint (issue 10): compatibility-folded (full-width letters),
 * trimmed, inner spaces collapsed, case-folded. "李 大爷" and "李大爷" stay different: a space
 * may be what tells two people apart.
 */
export const sameNameKey = (name: string): string =>
  name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
