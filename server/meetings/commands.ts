import { appendStored } from '../collab/agenda';
import type { DocStore } from '../collab/docs';
import type { Admission } from './admission';
import { defineCommand } from './command';
import type { RosterService } from './roster';
import type { ScreenService } from './screen';
import { assertOpen, type MeetingService } from './service';
import type { StaffService } from './staff';

interface MeetingFeatures {
  meetings: MeetingService;
  screens: ScreenService;
  staff: StaffService;
  roster: RosterService;
  admission: Admission;
  docs: DocStore;
}

/**
 * The meetings feature's commands: phase, agenda, current item, timer, settings, staff, the
 * roster, the door's waiting list, participants and the hall screen.
 */
export function meetingCommands(features: MeetingFeatures) {
  const { meetings, screens, staff, roster, admission, docs } = features;
  return [
    defineCommand('meeting:start', 'facilitate', ({ room }) => meetings.start(room), {
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
    defineCommand(
      'agenda:append',
      'facilitate',
      ({ room }, { items }) => {
        assertOpen(room);
        return appendStored(docs, room.id, items);
      },
      { method: 'post', path: '/meetings/:code/agenda' },
    ),
    defineCommand(
      'meeting:settings',
      'facilitate',
      ({ room }, patch) => meetings.setSettings(room, patch),
      { method: 'put', path: '/meetings/:code/settings' },
    ),
    defineCommand(
      'staff:set',
      'assignStaff',
      ({ room }, { assignments }) => staff.set(room, assignments),
      { method: 'put', path: '/meetings/:code/staff' },
    ),
    defineCommand(
      'roster:add',
      'facilitate',
      ({ room }, { entries }) => roster.add(room, entries),
      {
        method: 'post',
        path: '/meetings/:code/roster/entries',
      },
    ),
    defineCommand(
      'roster:addHall',
      'facilitate',
      ({ room }, { names }) =>
        roster.add(
          room,
          names.map((name) => ({ name })),
          true,
        ),
      { method: 'post', path: '/meetings/:code/roster' },
    ),
    defineCommand(
      'participant:remove',
      'facilitate',
      async ({ room }, { participantId }) => {
        await roster.remove(room, participantId);
        return {};
      },
      { method: 'delete', path: '/meetings/:code/participants/:participantId' },
    ),
    defineCommand(
      'waiting:admit',
      'admit',
      ({ room }, { waitingId, ...how }) => admission.admit(room, waitingId, how),
      { method: 'post', path: '/meetings/:code/waiting/:waitingId/admit' },
    ),
    defineCommand(
      'waiting:refuse',
      'admit',
      ({ room }, { waitingId }) => {
        admission.refuse(room, waitingId);
        return {};
      },
      { method: 'post', path: '/meetings/:code/waiting/:waitingId/refuse' },
    ),
  ];
}
