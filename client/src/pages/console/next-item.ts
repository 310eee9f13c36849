import type { AgendaItem } from '../../lib/protocol';

/**
 * The item 下一项 moves to: the one after the current item, the first when none is current
 * (the server's rule in server/meetings/timer.ts; the console only shows it ahead of time).
 */
export function nextItemOf(
  agenda: readonly AgendaItem[],
  currentId: string | null,
): { item: AgendaItem; index: number } | null {
  const index = (currentId === null ? -1 : agenda.findIndex((i) => i.id === currentId)) + 1;
  const item = agenda[index];
  return item ? { item, index } : null;
}
