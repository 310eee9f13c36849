import { defineCommand } from '../meetings/command';
import type { RecordService } from './service';

/** Closing a meeting answers with its record. */
export const exportCommands = (records: RecordService) => [
  defineCommand(
    'meeting:close',
    'facilitate',
    ({ room }, payload) => records.closeMeeting(room, payload),
    { method: 'post', path: '/meetings/:code/close' },
  ),
];
