/**
 * The `prospects` table as the processor sees it: rows written through a batch writer (resolving
 * once inserted, so offsets are committed only after), and the enterprise states read back at
 * start-up. Versions grow with every write, from the wall clock in microseconds, so a restarted
 * processor's rows always win over the ones it replaces.
 */
import type { Logger } from 'pino';
import type { EnterpriseState } from '../../prospects/enterpriseState.ts';
import type { Prospect } from '../../prospects/evaluate.ts';
import { BatchWriter } from '../clickhouse/batchWriter.ts';
import type { ClickHouseClient } from '../clickhouse/types.ts';
import { PROSPECTS_TABLE, prospectRow, stateOfRow } from './rows.ts';

export interface ProspectStoreOptions {
  readonly logger?: Logger;
  /** Wall clock in ms (tests pin it). */
  readonly now?: () => number;
}

export class ProspectStore {
  readonly #client: ClickHouseClient;
  readonly #writer: BatchWriter;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  #lastVersion = 0n;

  constructor(client: ClickHouseClient, options: ProspectStoreOptions = {}) {
    this.#client = client;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#writer = new BatchWriter(client, {
      table: PROSPECTS_TABLE,
      // One row per enterprise and version: a retried insert of the same rows is dropped by ClickHouse.
      idOf: (row) => `${String(row.enterprise_id)}@${String(row.version)}`,
      flushIntervalMs: 200,
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  #nextVersion(): bigint {
    const clock = BigInt(Math.floor(this.#now())) * 1000n;
    this.#lastVersion = clock > this.#lastVersion ? clock : this.#lastVersion + 1n;
    return this.#lastVersion;
  }

  /** Writes the rows and resolves once ClickHouse has them. */
  async write(rows: ReadonlyArray<{ readonly prospect: Prospect; readonly state: EnterpriseState }>, forecastLevel: number): Promise<void> {
    if (rows.length === 0) return;
    await this.#writer.add(rows.map((r) => prospectRow(r.prospect, r.state, this.#nextVersion(), forecastLevel)));
    await this.#writer.flush();
  }

  /** Every enterprise state stored with the current rows (start-up restore). */
  async loadStates(): Promise<EnterpriseState[]> {
    const rows = await this.#client.query<{ state: string }>(`SELECT state FROM ${PROSPECTS_TABLE} FINAL`);
    const states: EnterpriseState[] = [];
    let unreadable = 0;
    for (const r of rows) {
      const s = stateOfRow(r.state);
      if (s) states.push(s);
      else unreadable++;
    }
    if (unreadable > 0) this.#logger?.warn({ unreadable }, 'prospect rows with an unreadable state were skipped; those enterprises rebuild from new events');
    return states;
  }

  async close(): Promise<void> {
    await this.#writer.close();
  }
}
