import type { MeetingCloser } from '../meetings/close';
import { defineCommand } from '../meetings/command';
import type { RecordService } from './service';

/**
 * Closing a meeting answers with its record: the close is the meetings command; the record is
 * built by its consumer (RecordService) and waited for here.
 */
export const exportCommands = (closer: MeetingCloser, records: RecordService) => [
  defineCommand(
    'meeting:close',
    'facilitate',
    async ({ room }, payload) => {
      await closer.close(room, payload);
      return records.afterClose(room);
    },
    { method: 'post', path: '/meetings/:code/close' },
  ),
];
