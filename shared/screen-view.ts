import type { Ladder } from './protocol/ladder';
import type { PulseState } from './protocol/pulse';
import type { RoomState } from './protocol/room';
import type { ScreenMode } from './protocol/screen';
import type { Vote } from './protocol/voting';

/**
 * What the hall screen renders (issue 10), decided in one pure place from the room, the
 * latest consensus ladder and the facilitator's direction. No zod here: this runs in the
 * screen's bundle.
 */
export type ScreenView =
  /** Before the start: how to join (address, code, QR) and the agenda. */
  | { kind: 'welcome' }
  | { kind: 'agenda' }
  /** The current item with its timer; `queue` when people are waiting to speak. */
  | { kind: 'item'; queue: boolean }
  /** The open vote (live turnout or counts). */
  | { kind: 'vote'; vote: Vote }
  /** A closed vote's result. */
  | { kind: 'result'; vote: Vote }
  /** A consensus ladder: moving while open, its decision once decided. */
  | { kind: 'ladder'; ladder: Ladder }
  | { kind: 'queue' }
  /** The temperature check: live while open, its counts once closed. */
  | { kind: 'pulse'; pulse: PulseState }
  | { kind: 'blank' }
  /** After close: thanks, no QR, no "scan to join". */
  | { kind: 'closed' };

export type ScreenViewKind = ScreenView['kind'];

export interface ScreenInput {
  state: Pick<
    RoomState,
    'phase' | 'agenda' | 'currentItemId' | 'vote' | 'speakers' | 'screen' | 'pulse'
  >;
  /** The meeting's latest ladder (open or decided), or null. */
  ladder: Ladder | null;
}

export interface ResolvedScreen {
  view: ScreenView;
  /** The mode the facilitator chose. */
  mode: ScreenMode;
  /** False when the choice could not be shown now and the screen followed the meeting. */
  honoured: boolean;
}

const at = (t: string | null | undefined): number => (t ? Date.parse(t) : Number.NaN);

/** A decision taken on the current item (since it was set), not one left from before. */
function fresh(decidedAt: string | null, since: string | null): boolean {
  if (!decidedAt) return false;
  return since === null || at(decidedAt) >= at(since);
}

/**
 * The newest result worth showing: a closed vote, a decided ladder or a closed temperature
 * check still waiting to be kept or discarded; newest first.
 */
function latestResult(input: ScreenInput, onlyFresh: boolean): ScreenView | null {
  const { state, ladder } = input;
  const since = state.screen.itemSince;
  const candidates: { at: number; view: ScreenView }[] = [];
  const vote = state.vote?.status === 'closed' ? state.vote : null;
  if (
    vote &&
    (!onlyFresh || (vote.agendaItemId === state.currentItemId && fresh(vote.closedAt, since)))
  ) {
    candidates.push({ at: at(vote.closedAt), view: { kind: 'result', vote } });
  }
  if (ladder?.status === 'decided' && (!onlyFresh || fresh(ladder.decidedAt, since))) {
    candidates.push({ at: at(ladder.decidedAt), view: { kind: 'ladder', ladder } });
  }
  const pulse = state.pulse?.status === 'closed' ? state.pulse : null;
  if (pulse && (!onlyFresh || fresh(pulse.closedAt, since))) {
    candidates.push({ at: at(pulse.closedAt), view: { kind: 'pulse', pulse } });
  }
  // Newest first; a timestamp that does not parse counts as oldest.
  candidates.sort((a, b) => (b.at || 0) - (a.at || 0));
  return candidates[0]?.view ?? null;
}

const hasQueue = (state: ScreenInput['state']): boolean =>
  state.speakers.floor !== null || state.speakers.queue.length > 0;

/** What the screen shows when nobody directs it. */
export function autoView(input: ScreenInput): ScreenView {
  const { state, ladder } = input;
  if (state.phase === 'scheduled') return { kind: 'welcome' };
  if (state.phase === 'closed') return { kind: 'closed' };
  if (state.vote?.status === 'open') return { kind: 'vote', vote: state.vote };
  if (state.pulse?.status === 'open') return { kind: 'pulse', pulse: state.pulse };
  if (ladder?.status === 'open') return { kind: 'ladder', ladder };
  const result = latestResult(input, true);
  if (result) return result;
  if (state.currentItemId === null && state.agenda.length > 0) return { kind: 'agenda' };
  return { kind: 'item', queue: hasQueue(state) };
}

/** The directed view, or null when it cannot be shown now. */
function directedView(input: ScreenInput, mode: ScreenMode): ScreenView | null {
  const { state, ladder } = input;
  const closed = state.phase === 'closed';
  switch (mode) {
    case 'auto':
      return null;
    case 'blank':
      return { kind: 'blank' };
    case 'welcome':
      // Nobody joins a closed meeting: no QR after close.
      return closed ? null : { kind: 'welcome' };
    case 'agenda':
      return state.agenda.length > 0 ? { kind: 'agenda' } : null;
    case 'item':
      return !closed && state.currentItemId !== null ? { kind: 'item', queue: false } : null;
    case 'queue':
      return closed ? null : { kind: 'queue' };
    case 'vote':
      if (state.vote?.status === 'open') return { kind: 'vote', vote: state.vote };
      // The directed vote just closed: its result, until the next item.
      return state.vote && latestResult(input, true)?.kind === 'result'
        ? { kind: 'result', vote: state.vote }
        : null;
    case 'result': {
      const { voteId, pinned } = state.screen;
      if (voteId !== undefined) {
        if (pinned?.id === voteId) return { kind: 'result', vote: pinned };
        if (state.vote?.id === voteId && state.vote.status === 'closed') {
          return { kind: 'result', vote: state.vote };
        }
        return null;
      }
      return latestResult(input, false);
    }
    case 'ladder':
      return ladder && !closed ? { kind: 'ladder', ladder } : null;
    case 'pulse':
      return state.pulse && !closed ? { kind: 'pulse', pulse: state.pulse } : null;
  }
}

/** The view for the hall: the facilitator's choice when possible, else the automatic one. */
export function resolveScreen(input: ScreenInput): ResolvedScreen {
  const mode = input.state.screen.mode;
  const directed = directedView(input, mode);
  return directed
    ? { view: directed, mode, honoured: true }
    : { view: autoView(input), mode, honoured: mode === 'auto' };
}
