import { defineHandler } from '../realtime/define-handler';
import type { RecordService } from '../export/service';
import type { MeetingService } from './service';
import type { ScreenService } from './screen';

/** Socket events of the meetings feature: phase, current item, timer, participants. */
export function meetingHandlers(meetings: MeetingService, records: RecordService) {
  return [
    defineHandler('meeting:start', 'facilitate', ({ room }) => meetings.transition(room, 'start')),
    defineHandler('meeting:close', 'facilitate', ({ room }, payload) =>
      records.closeMeeting(room, payload),
    ),
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

/** Socket events of the hall screen's direction. */
export const screenHandlers = (screens: ScreenService) => [
  defineHandler('screen:show', 'facilitate', ({ room }, direction) =>
    screens.show(room, direction),
  ),
];
