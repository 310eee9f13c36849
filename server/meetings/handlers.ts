import { defineHandler } from '../realtime/define-handler';
import type { MeetingService } from './service';

/** Socket events of the meetings feature: start, current item, timer, participants. */
export function meetingHandlers(meetings: MeetingService) {
  return [
    defineHandler('meeting:start', 'facilitate', ({ room }) => meetings.start(room)),
    // meeting:close answers with the record: server/export/handlers.ts.
    defineHandler('meeting:setCurrentItem', 'facilitate', ({ room }, { itemId }) =>
      meetings.setCurrentItem(room, itemId),
    ),
    defineHandler('meeting:nextItem', 'facilitate', ({ room }) => meetings.nextItem(room)),
    defineHandler('meeting:timer', 'facilitate', ({ room }, { action, durationSec }) =>
      meetings.timer(room, action, durationSec),
    ),
    defineHandler('participant:update', 'facilitate', ({ room }, patch) =>
      meetings.updateParticipant(room, patch),
    ),
  ];
}
