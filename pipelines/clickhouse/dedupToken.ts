/**
 * insert_deduplication_token of a batch: a hash of the table and the rows' idempotency ids in
 * order. A retried insert of the same rows gets the same token and ClickHouse drops it
 * (within the table's non_replicated_deduplication_window). A batch built differently after a
 * restart gets another token; ReplacingMergeTree collapses those rows instead.
 */
import { createHash } from 'node:crypto';

export function dedupTokenOf(table: string, ids: readonly string[]): string {
  const hash = createHash('sha256').update(table).update('\0');
  for (const id of ids) hash.update(id).update('\n');
  return `fk-${hash.digest('hex').slice(0, 40)}`;
}
