import { defineCommand } from './command';
import type { ScreenService } from './screen';
import type { MeetingService } from './service';

/** The meetings feature's commands: phase, current item, timer, participants, hall screen. */
export function meetingCommands(meetings: MeetingService, screens: ScreenService) {
  return [
    defineCommand('meeting:start', 'facilitate', ({ room }) => meetings.transition(room, 'start'), {
      method: 'post',
      path: '/meetings/:code/start',
    }),
    defineCommand(
      'meeting:setCurrentItem',
      'facilitate',
      ({ room }, { itemId }) => meetings.setCurrentItem(room, itemId),
      { method: 'put', path: '/meetings/:code/current-item' },
    ),
    defineCommand('meeting:nextItem', 'facilitate', ({ room }) => meetings.nextItem(room), {
      method: 'post',
      path: '/meetings/:code/next-item',
    }),
    defineCommand('meeting:timer', 'facilitate', ({ room }, { action, durationSec }) =>
      meetings.timer(room, action, durationSec),
    ),
    defineCommand(
      'participant:update',
      'facilitate',
      ({ room }, patch) => meetings.updateParticipant(room, patch),
      { method: 'patch', path: '/meetings/:code/participants/:participantId' },
    ),
    defineCommand('screen:show', 'facilitate', ({ room }, direction) =>
      screens.show(room, direction),
    ),
  ];
}
