/**
 * Scores consumer batches with one model name's champion and, optionally, its challenger.
 *
 * - One `session.run` per model per batch: the batch's feature vectors become one float32
 *   [n, f] tensor in manifest order (absent/null → NaN, which the trees route down the branch
 *   learned for missing values; see the manifest's `missingValues`).
 * - The challenger is shadow-scored on the same batch and recorded next to the champion; its
 *   failure never touches the champion's result (and vice versa).
 * - A failing run yields `status: 'error'` scores, not a lost batch (conventions §5).
 * - `swap()` replaces the pair atomically: batches already running finish on the models they
 *   started with; a model no longer used is released once its last batch is done.
 */
import { describeEventFeature } from '../eventFeatures.ts';
import type { Static } from '@sinclair/typebox';
import ort from 'onnxruntime-node';
import { FEATURE_REGISTRY } from '../../features/registry.ts';
import type { Logger } from '../../lib/logger.ts';
import type { ModelScore } from '../../schemas/topics/outputs.ts';
import { releaseModel, type LoadedModel } from './loader.ts';
import type { ModelRole } from './manifest.ts';
import { topReasons, type Reason } from './reasons.ts';

export type ModelScoreRecord = Static<typeof ModelScore>;

/** A point-in-time feature vector by name, as the feature store returns it. */
export type FeatureVector = Readonly<Record<string, number | null | undefined>>;

/** The models scoring one name: the champion is acted on, the challenger only recorded. */
export interface ModelPair {
  readonly champion: LoadedModel;
  readonly challenger?: LoadedModel;
}

/** Result for one row of a batch. */
export interface RowScore {
  /** The champion's score; act on this one. */
  readonly champion: ModelScoreRecord;
  /** The challenger's shadow score, when a challenger is deployed. */
  readonly challenger?: ModelScoreRecord;
  /** Features that moved the champion's score most (empty when it failed). */
  readonly reasons: Reason[];
}

export interface ModelRunnerOptions {
  /** Reason codes per score (default 3). */
  readonly reasonCount?: number;
  /** Plain-words meaning of a feature for reason texts; default: the built-in registry's descriptions. */
  readonly describeFeature?: (feature: string) => string | undefined;
  readonly logger?: Logger;
}

const REGISTRY_DESCRIPTIONS = new Map(FEATURE_REGISTRY.features.map((f) => [f.name, f.description]));
const describeFromRegistry = (feature: string): string | undefined => REGISTRY_DESCRIPTIONS.get(feature) ?? describeEventFeature(feature);

/** Log event names of the runner (conventions §10). */
export const MODEL_RUNNER_EVENTS = {
  runFailed: 'model.run_failed',
  swapped: 'model.swapped',
} as const;

const MAX_ERROR_LENGTH = 512;

interface Generation {
  readonly pair: ModelPair;
  inFlight: number;
  retired: boolean;
}

interface ModelOutput {
  readonly probability: Float32Array;
  readonly matrix: Float32Array;
}

/** Builds the row-major float32 input of one model: manifest order, missing → NaN. */
export function toMatrix(rows: readonly FeatureVector[], features: readonly string[]): Float32Array {
  const width = features.length;
  const data = new Float32Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as FeatureVector;
    for (let c = 0; c < width; c++) {
      const v = row[features[c] as string];
      data[r * width + c] = typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
    }
  }
  return data;
}

/** Champion + optional challenger for one model name, with atomic hot swap. */
export class ModelRunner {
  readonly name: string;
  readonly #reasonCount: number;
  readonly #describe: (feature: string) => string | undefined;
  readonly #logger: Logger | undefined;
  #current: Generation;
  #closed = false;

  constructor(pair: ModelPair, options: ModelRunnerOptions = {}) {
    ModelRunner.#checkPair(pair);
    this.name = pair.champion.manifest.name;
    this.#reasonCount = options.reasonCount ?? 3;
    this.#describe = options.describeFeature ?? describeFromRegistry;
    this.#logger = options.logger;
    this.#current = { pair, inFlight: 0, retired: false };
  }

  static #checkPair(pair: ModelPair): void {
    const { champion, challenger } = pair;
    if (champion.manifest.role !== 'champion') throw new TypeError(`${champion.dir} is not a champion (role ${champion.manifest.role})`);
    if (challenger && (challenger.manifest.role !== 'challenger' || challenger.manifest.name !== champion.manifest.name)) {
      throw new TypeError(`${challenger.dir} is not a challenger of ${champion.manifest.name}`);
    }
  }

  /** The models in force now. */
  get pair(): ModelPair {
    return this.#current.pair;
  }

  /** Scores a batch: one session.run for the champion, one for the challenger if any. */
  async score(rows: readonly FeatureVector[]): Promise<RowScore[]> {
    if (this.#closed) throw new Error(`model runner ${this.name} is closed`);
    if (rows.length === 0) return [];
    const generation = this.#current;
    generation.inFlight++;
    try {
      const { champion, challenger } = generation.pair;
      const [championOut, challengerOut] = await Promise.all([
        this.#run(champion, rows),
        challenger ? this.#run(challenger, rows) : Promise.resolve(undefined),
      ]);
      return rows.map((_, r) => {
        const championScore = this.#record(champion, 'champion', championOut, r);
        const result: RowScore = {
          champion: championScore,
          reasons: championOut instanceof Error ? [] : this.#reasons(champion, championOut.matrix, r),
        };
        return challenger && challengerOut !== undefined
          ? { ...result, challenger: this.#record(challenger, 'challenger', challengerOut, r) }
          : result;
      });
    } finally {
      generation.inFlight--;
      if (generation.retired && generation.inFlight === 0) await this.#releaseUnused(generation);
    }
  }

  /**
   * Puts a new pair in force. Batches that already started finish on the old models; old
   * models not part of the new pair are released when their last batch completes.
   */
  async swap(next: ModelPair): Promise<void> {
    ModelRunner.#checkPair(next);
    if (next.champion.manifest.name !== this.name) throw new TypeError(`cannot swap ${next.champion.manifest.name} into runner ${this.name}`);
    const old = this.#current;
    this.#current = { pair: next, inFlight: 0, retired: false };
    old.retired = true;
    this.#logger?.info(
      {
        event: MODEL_RUNNER_EVENTS.swapped,
        model: this.name,
        from: { champion: old.pair.champion.manifest.version, challenger: old.pair.challenger?.manifest.version ?? null },
        to: { champion: next.champion.manifest.version, challenger: next.challenger?.manifest.version ?? null },
      },
      'model swapped',
    );
    if (old.inFlight === 0) await this.#releaseUnused(old);
  }

  /** Releases the models in force; in-flight batches should be awaited first. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const { champion, challenger } = this.#current.pair;
    await Promise.all([releaseModel(champion), challenger ? releaseModel(challenger) : undefined]);
  }

  async #releaseUnused(old: Generation): Promise<void> {
    const live = new Set<LoadedModel>([this.#current.pair.champion]);
    if (this.#current.pair.challenger) live.add(this.#current.pair.challenger);
    const stale = [old.pair.champion, old.pair.challenger].filter((m): m is LoadedModel => m !== undefined && !live.has(m));
    await Promise.all(stale.map(releaseModel));
  }

  async #run(model: LoadedModel, rows: readonly FeatureVector[]): Promise<ModelOutput | Error> {
    const { manifest, session } = model;
    const matrix = toMatrix(rows, manifest.features);
    try {
      const out = await session.run({ [manifest.inputName]: new ort.Tensor('float32', matrix, [rows.length, manifest.features.length]) });
      const probability = out[manifest.outputName]?.data;
      if (!(probability instanceof Float32Array) || probability.length !== rows.length) {
        throw new Error(`output ${manifest.outputName} is not float32 [${rows.length}, 1]`);
      }
      return { probability, matrix };
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      this.#logger?.warn({ event: MODEL_RUNNER_EVENTS.runFailed, model: manifest.name, version: manifest.version, role: manifest.role, rows: rows.length, err }, 'model run failed; batch scored as error');
      return err;
    }
  }

  #record(model: LoadedModel, role: ModelRole, out: ModelOutput | Error, row: number): ModelScoreRecord {
    const base = { model: model.manifest.name, version: model.manifest.version, role };
    if (out instanceof Error) return { ...base, score: null, status: 'error', error: out.message.slice(0, MAX_ERROR_LENGTH) };
    const p = out.probability[row] as number;
    if (!(p >= 0 && p <= 1)) return { ...base, score: null, status: 'error', error: `model returned ${p}` };
    return { ...base, score: p, status: 'ok' };
  }

  #reasons(model: LoadedModel, matrix: Float32Array, row: number): Reason[] {
    if (this.#reasonCount <= 0) return [];
    const { contributions } = model.explainer.explain(matrix, row);
    const f = model.manifest.features.length;
    return topReasons(model.manifest.name, model.manifest.features, matrix.subarray(row * f, (row + 1) * f), contributions, this.#reasonCount, this.#describe);
  }
}
