import type { Formatter } from '../i18n/store';
import type { ClientAckError, ClientErrorCode } from './api';

/** The i18n key of an error code's message (`errors.*` in the message files). */
export const errorKey = (code: ClientErrorCode): string => `errors.${code}`;

/**
 * A code's message on the pages without the staff messages (the phone, home, the hall
 * screen): codes only staff actions can meet have their words in the staff bundle, so one
 * arriving here anyway reads as the generic server error, never as a raw key.
 */
export const errorMessage = (t: Formatter, code: ClientErrorCode): string =>
  t(errorKey(code), { default: t('errors.INTERNAL') });

/**
 * The message for a refusal (issue 10: a specific message for every refusal): a VALIDATION
 * error that names a field the client knows says which field and what is wrong with it
 * ("选项不能重复"), anything else the code's own message.
 */
export function errorText(t: Formatter, error: Pick<ClientAckError, 'code' | 'issue'>): string {
  const issue = error.issue;
  if (error.code === 'VALIDATION' && issue) {
    const field = t(`fields.${issue.field}`, { default: '' });
    if (field) {
      return t(`fieldErrors.${issue.problem}`, {
        values: { field, limit: issue.limit ?? '' },
      });
    }
  }
  return t(errorKey(error.code));
}
