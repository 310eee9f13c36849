import type { ClientErrorCode } from './api';

/** The i18n key of an error code's message (`errors.*` in the message files). */
export const errorKey = (code: ClientErrorCode): string => `errors.${code}`;
