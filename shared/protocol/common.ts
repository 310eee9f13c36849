import { z } from 'zod';
import { LIMITS } from '../limits';

/** Server-generated ids: 21 url-safe characters. */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/, 'must be an id');
/** The 6-digit meeting code typed on the home page or carried by the QR link. */
export const MeetingCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit meeting code');
export const PersonName = z.string().trim().min(1).max(LIMITS.nameChars);
export const Title = z.string().trim().min(1).max(LIMITS.titleChars);
export const ShortText = z.string().trim().max(LIMITS.textChars);
/** Calendar date as YYYY-MM-DD (the meeting's local date). */
export const IsoDate = z.iso.date();
/** ISO timestamp set by the server. */
export type Timestamp = string;
