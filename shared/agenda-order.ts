import type { AgendaItem } from './protocol/meetings';

/**
 * The item 下一项 moves to: the one after the current item, the first when none is current (or
 * the current one is gone). One rule for the server, which moves, and the console, which
 * shows it ahead of time. Zod-free, so the client bundle can import it.
 */
export function nextItemOf<T extends Pick<AgendaItem, 'id'>>(
  agenda: readonly T[],
  currentId: string | null,
): { item: T; index: number } | null {
  const index = (currentId === null ? -1 : agenda.findIndex((i) => i.id === currentId)) + 1;
  const item = agenda[index];
  return item ? { item, index } : null;
}
