/**
 * Group commit for consumer batches: the batches the consumer hands over concurrently (one per
 * partition, several partitions at a time) are processed together as one group, so a group pays
 * the fixed costs once — one feature-store pipeline, one model run per model, one ClickHouse
 * insert per table, one produce request — instead of once per partition batch.
 *
 * While `maxInFlight` groups are running, new batches wait and join the next group; a group
 * starts on the next turn of the event loop, so the batches of one fetch response go together.
 * Each submitter's promise settles with its group: it resolves only when the whole group is
 * durable, and if the group fails every member fails (and is redelivered, uncommitted).
 *
 * Per-partition order is untouched: the consumer never has two batches of one partition in
 * flight, so a group holds at most one batch per partition, in offset order.
 */

export interface GroupCommitOptions {
  /** Groups processed at the same time (one can write while the next computes). */
  readonly maxInFlight: number;
  /** A group closes once it holds this many items' weight (at least one member always joins). */
  readonly maxWeight: number;
}

interface Member<T> {
  readonly item: T;
  readonly weight: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<T> {
  readonly #run: (items: readonly T[]) => Promise<void>;
  readonly #options: GroupCommitOptions;
  readonly #weightOf: (item: T) => number;
  #pending: Member<T>[] = [];
  #inFlight = 0;
  #scheduled = false;

  constructor(run: (items: readonly T[]) => Promise<void>, weightOf: (item: T) => number, options: GroupCommitOptions) {
    if (options.maxInFlight < 1 || options.maxWeight < 1) throw new RangeError('group commit needs maxInFlight >= 1 and maxWeight >= 1');
    this.#run = run;
    this.#weightOf = weightOf;
    this.#options = options;
  }

  /** Resolves when the group the item joined has been processed. */
  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ item, weight: this.#weightOf(item), resolve, reject });
      this.#schedule();
    });
  }

  /** Groups running now (for tests and metrics). */
  get inFlight(): number {
    return this.#inFlight;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#startGroups();
    });
  }

  #startGroups(): void {
    while (this.#inFlight < this.#options.maxInFlight && this.#pending.length > 0) {
      let weight = 0;
      let take = 0;
      while (take < this.#pending.length) {
        const next = (this.#pending[take] as Member<T>).weight;
        if (take > 0 && weight + next > this.#options.maxWeight) break;
        weight += next;
        take++;
      }
      const members = this.#pending.splice(0, take);
      this.#inFlight++;
      void this.#execute(members);
    }
  }

  async #execute(members: readonly Member<T>[]): Promise<void> {
    try {
      await this.#run(members.map((m) => m.item));
      for (const m of members) m.resolve();
    } catch (error) {
      for (const m of members) m.reject(error);
    } finally {
      this.#inFlight--;
      if (this.#pending.length > 0) this.#schedule();
    }
  }
}
