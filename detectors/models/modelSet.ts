/**
 * Every model under a models root, each as a ModelRunner (champion + optional challenger), kept
 * current while the process runs: `watch()` reacts to new version directories and hot-swaps.
 *
 * Selection per model name, on open and on every refresh:
 *   champion   = the newest version with role "champion" that loads and passes every check;
 *   challenger = the newest version with role "challenger", newer than that champion, that loads.
 * A version that fails its checks is logged, reported as `rejected` and skipped; the runner keeps
 * what it had, so a broken upload never stops scoring. Removing a version directory rolls back
 * to the next one on disk (a name with no loadable champion left keeps its current models).
 */
import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import type ort from 'onnxruntime-node';
import type { Logger } from '../../lib/logger.ts';
import { knownModelInputs } from '../modelInputs.ts';
import { scanModels, type CatalogEntry, type Candidates } from './catalog.ts';
import { compareVersions } from './compareVersions.ts';
import { ModelRejectedError } from './errors.ts';
import { loadModel, releaseModel, type LoadedModel } from './loader.ts';
import { ModelRunner, type ModelPair } from './runner.ts';

export interface ModelSetOptions {
  /** Directory holding `<name>/<version>/` model directories (the repo's `models/`). */
  readonly root: string;
  /**
   * Feature names the registry knows; a function is re-read on every load. Default: the built-in
   * inputs (`knownModelInputs()`: registry, event and graph features); pass the registry in force when a YAML override is loaded.
   */
  readonly knownFeatures?: Iterable<string> | (() => Iterable<string>);
  readonly logger?: Logger;
  readonly reasonCount?: number;
  /** Plain-words meaning of a feature for reason texts (default: built-in registry descriptions). */
  readonly describeFeature?: (feature: string) => string | undefined;
  readonly sessionOptions?: ort.InferenceSession.SessionOptions;
  /** Quiet period after the last file event before rescanning (default 250 ms). */
  readonly debounceMs?: number;
}

/** Emitted after a runner's models changed. */
export interface SwapEvent {
  readonly name: string;
  readonly champion: string;
  readonly challenger: string | null;
  readonly previous: { readonly champion: string; readonly challenger: string | null } | null;
}

/** Emitted for a version directory that failed its checks. */
export interface RejectEvent {
  readonly dir: string;
  readonly reason: string;
}

interface ModelSetEvents {
  swap: [SwapEvent];
  rejected: [RejectEvent];
  error: [Error];
}

/** Log event names of the model set. */
export const MODEL_SET_EVENTS = {
  rejected: 'model.rejected',
  refreshFailed: 'model.refresh_failed',
  noChampion: 'model.no_champion',
} as const;

const versionsOf = (pair: ModelPair) => ({ champion: pair.champion.manifest.version, challenger: pair.challenger?.manifest.version ?? null });

/** The models in force for every name, with hot swap. */
export class ModelSet extends EventEmitter<ModelSetEvents> {
  readonly #options: ModelSetOptions;
  readonly #runners = new Map<string, ModelRunner>();
  #watcher: FSWatcher | undefined;
  #debounce: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(options: ModelSetOptions) {
    super();
    this.#options = options;
  }

  /** Scans the root and loads the champion (and challenger) of every model name found. */
  static async open(options: ModelSetOptions): Promise<ModelSet> {
    const set = new ModelSet(options);
    await set.refresh();
    return set;
  }

  /** The runner of a model name, if one is loaded. */
  runner(name: string): ModelRunner | undefined {
    return this.#runners.get(name);
  }

  /** Names with a loaded champion. */
  get names(): string[] {
    return [...this.#runners.keys()].sort();
  }

  /** Rescans the root and swaps any name whose selection changed. Calls are serialised. */
  refresh(): Promise<void> {
    const next = this.#refreshing.then(() => this.#refreshOnce());
    this.#refreshing = next.catch(() => undefined);
    return next;
  }

  /** Watches the root for new or removed versions and refreshes after a quiet period. */
  watch(): void {
    if (this.#watcher || this.#closed) return;
    const debounceMs = this.#options.debounceMs ?? 250;
    this.#watcher = watch(this.#options.root, { recursive: true, persistent: false }, () => {
      clearTimeout(this.#debounce);
      this.#debounce = setTimeout(() => {
        this.refresh().catch((err: unknown) => {
          const error = err instanceof Error ? err : new Error(String(err));
          this.#options.logger?.error({ event: MODEL_SET_EVENTS.refreshFailed, err: error }, 'model refresh failed; models in force unchanged');
          this.#emitError(error);
        });
      }, debounceMs);
    });
    this.#watcher.on('error', (err) => this.#emitError(err));
  }

  /** An unhandled 'error' event would crash the process; without a listener the log line is enough. */
  #emitError(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  /** Stops watching and releases every model. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#debounce);
    this.#watcher?.close();
    this.#watcher = undefined;
    await this.#refreshing;
    await Promise.all([...this.#runners.values()].map((r) => r.close()));
    this.#runners.clear();
  }

  async #refreshOnce(): Promise<void> {
    if (this.#closed) return;
    const catalog = await scanModels(this.#options.root, this.#options.logger);
    for (const [name, candidates] of catalog) {
      const runner = this.#runners.get(name);
      const pair = await this.#select(candidates, runner?.pair);
      if (!pair) {
        this.#options.logger?.warn({ event: MODEL_SET_EVENTS.noChampion, model: name }, runner ? 'no loadable champion on disk; keeping the models in force' : 'no loadable champion; model not served');
        continue;
      }
      if (this.#closed) {
        await this.#releaseIfNew(pair, runner?.pair);
        return;
      }
      if (!runner) {
        this.#runners.set(name, new ModelRunner(pair, { reasonCount: this.#options.reasonCount, describeFeature: this.#options.describeFeature, logger: this.#options.logger }));
        this.emit('swap', { name, ...versionsOf(pair), previous: null });
      } else if (pair.champion !== runner.pair.champion || pair.challenger !== runner.pair.challenger) {
        const previous = versionsOf(runner.pair);
        await runner.swap(pair);
        this.emit('swap', { name, ...versionsOf(pair), previous });
      }
    }
  }

  async #releaseIfNew(pair: ModelPair, current: ModelPair | undefined): Promise<void> {
    for (const m of [pair.champion, pair.challenger]) {
      if (m && m !== current?.champion && m !== current?.challenger) await releaseModel(m);
    }
  }

  async #select(candidates: Candidates, current: ModelPair | undefined): Promise<ModelPair | undefined> {
    const champion = await this.#pick(candidates.champions, current?.champion);
    if (!champion) return undefined;
    const newer = candidates.challengers.filter((c) => compareVersions(c.manifest.version, champion.manifest.version) > 0);
    const challenger = await this.#pick(newer, current?.challenger);
    return challenger ? { champion, challenger } : { champion };
  }

  /** The newest candidate that loads; the model in force is reused when it is still the pick. */
  async #pick(candidates: readonly CatalogEntry[], inForce: LoadedModel | undefined): Promise<LoadedModel | undefined> {
    for (const entry of candidates) {
      if (inForce && inForce.dir === entry.dir && inForce.manifest.modelSha256 === entry.manifest.modelSha256) return inForce;
      try {
        const known = this.#options.knownFeatures ?? knownModelInputs;
        return await loadModel(entry.dir, {
          knownFeatures: typeof known === 'function' ? known() : known,
          sessionOptions: this.#options.sessionOptions,
        });
      } catch (err) {
        const reason = err instanceof ModelRejectedError ? err.reason : (err as Error).message;
        this.#options.logger?.warn({ event: MODEL_SET_EVENTS.rejected, dir: entry.dir, err }, 'model version refused; trying the previous one');
        this.emit('rejected', { dir: entry.dir, reason });
      }
    }
    return undefined;
  }
}
