import type { Counts, HallEntry, HallOptions } from '../../shared/protocol';
import type { Db } from '../storage/db';
import type { Database } from '../storage/schema';

/**
 * Hall counts as stored: every entry (a correction is a new entry, never an update) and
 * its confirmation by a second person. Option votes keep hands per option and the people
 * who raised them next to the (zero) 同意/反对/弃权 columns.
 */
type HallRow = Pick<
  Database['hall_counts'],
  'agree' | 'oppose' | 'abstain' | 'options_json' | 'voters'
>;
const hallOptionsOf = (row: HallRow): HallOptions | undefined =>
  row.options_json
    ? { options: JSON.parse(row.options_json) as number[], voters: row.voters ?? 0 }
    : undefined;

/** The latest confirmed hall count, and a newer entry still waiting for confirmation. */
export async function hallState(
  db: Db,
  voteId: string,
): Promise<{
  confirmed: Counts | null;
  confirmedOptions: HallOptions | null;
  pending: HallEntry | null;
}> {
  const rows = await db
    .selectFrom('hall_counts')
    .leftJoin('hall_confirmations', 'hall_confirmations.hall_count_id', 'hall_counts.id')
    .select([
      'hall_counts.id',
      'agree',
      'oppose',
      'abstain',
      'hall_counts.options_json',
      'hall_counts.voters',
      'entered_by',
      'entered_at',
      'hall_confirmations.confirmed_by',
    ])
    .where('hall_counts.vote_id', '=', voteId)
    .orderBy('hall_counts.id', 'desc')
    .execute();
  const confirmedIndex = rows.findIndex((r) => r.confirmed_by !== null);
  const confirmed = confirmedIndex >= 0 ? rows[confirmedIndex]! : null;
  const newest = rows[0];
  const pending =
    newest && newest.confirmed_by === null
      ? {
          id: newest.id,
          counts: { agree: newest.agree, oppose: newest.oppose, abstain: newest.abstain },
          ...(hallOptionsOf(newest) ? { optionCounts: hallOptionsOf(newest) } : {}),
          enteredBy: newest.entered_by,
          enteredAt: newest.entered_at,
        }
      : null;
  return {
    confirmed: confirmed
      ? { agree: confirmed.agree, oppose: confirmed.oppose, abstain: confirmed.abstain }
      : null,
    confirmedOptions: (confirmed && hallOptionsOf(confirmed)) ?? null,
    pending,
  };
}

export async function insertHallCount(
  trx: Db,
  voteId: string,
  { counts, optionCounts }: Pick<HallEntry, 'counts' | 'optionCounts'>,
  enteredBy: string,
  at: string,
): Promise<number> {
  const row = await trx
    .insertInto('hall_counts')
    .values({
      vote_id: voteId,
      ...counts,
      options_json: optionCounts ? JSON.stringify(optionCounts.options) : null,
      voters: optionCounts?.voters ?? null,
      entered_by: enteredBy,
      entered_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function confirmHallCount(
  trx: Db,
  voteId: string,
  entryId: number,
  by: string,
  at: string,
): Promise<void> {
  await trx
    .insertInto('hall_confirmations')
    .values({ hall_count_id: entryId, vote_id: voteId, confirmed_by: by, confirmed_at: at })
    .execute();
}
