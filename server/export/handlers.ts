import type { MeetingCloser } from '../meetings/close';
import { defineHandler } from '../realtime/define-handler';
import type { RecordService } from './service';

/**
 * meeting:close, answered with the record as POST /meetings/:code/close is: the close is the
 * meetings command; the record is built by its consumer, and waited for here.
 */
export function recordHandlers(closer: MeetingCloser, records: RecordService) {
  return [
    defineHandler('meeting:close', 'facilitate', async ({ room }, payload) => {
      await closer.close(room, payload);
      return records.afterClose(room);
    }),
  ];
}
