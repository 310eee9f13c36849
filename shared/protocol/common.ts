import { z } from 'zod';
import { LIMITS } from '../limits';
import { normaliseText } from '../text';

/** Server-generated ids: 21 url-safe characters. */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/, 'must be an id');
/** The 6-digit meeting code typed on the home page or carried by the QR link. */
export const MeetingCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit meeting code');
/**
 * Text people type (names, titles, options, proposals): normalised at the boundary (no
 * controls, non-characters or bidi overrides that would spoof a name on the hall screen or
 * break a record), then trimmed and length-checked.
 */
export const userText = (min: number, max: number) =>
  z.string().overwrite(normaliseText).trim().min(min).max(max);
export const PersonName = userText(1, LIMITS.nameChars);
export const Title = userText(1, LIMITS.titleChars);
export const ShortText = userText(0, LIMITS.textChars);
/** Calendar date as YYYY-MM-DD (the meeting's local date). */
export const IsoDate = z.iso.date();
/** ISO timestamp set by the server. */
export type Timestamp = string;
