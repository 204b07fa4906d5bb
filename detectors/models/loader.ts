/**
 * Loads one model version directory (`models/<name>/<version>/`) and refuses it unless every
 * check passes, so a half-copied, hand-edited or mismatched model never scores an event:
 *
 *  1. manifest.json parses against the schema, and its name/version match the directory;
 *  2. every manifest feature is known to the feature registry (the model would otherwise be
 *     fed NaN for a feature nobody computes — silently degraded scores);
 *  3. model.onnx, trees.json and reference.json have the SHA-256 the manifest records;
 *  4. the ONNX graph has the one float32 [n, features.length] input and the outputs named;
 *  5. the reference rows written by training (scored by the Python model) score the same here,
 *     and the Saabas sidecar reproduces the Python log-odds, so reason codes describe this model.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import ort from 'onnxruntime-node';
import { z } from 'zod';
import { ModelRejectedError } from './errors.ts';
import { MANIFEST_FILE, ModelManifestSchema, type ModelManifest } from './manifest.ts';
import { TreeExplainer, TreeSidecarSchema } from './treeExplainer.ts';

/** The part of an onnxruntime session the runner uses (narrow, so tests can spy on it). */
export interface ModelSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>>;
  release(): Promise<void>;
}

/** A model that passed every check, ready to score. */
export interface LoadedModel {
  readonly dir: string;
  readonly manifest: ModelManifest;
  readonly session: ModelSession;
  readonly explainer: TreeExplainer;
}

export interface LoadModelOptions {
  /** Names the feature registry knows (`featureNames()` from features/registry.ts). */
  readonly knownFeatures: Iterable<string>;
  /** onnxruntime session options; defaults keep one thread per session (see DEFAULT_SESSION_OPTIONS). */
  readonly sessionOptions?: ort.InferenceSession.SessionOptions;
}

/**
 * One intra-op thread per session: a process holds several sessions (three models, champion and
 * challenger, old and new during a swap) on small hosts, and ORT's default of one thread per core
 * per session oversubscribes the CPU. Batches of a few hundred rows through ~100 shallow trees
 * take well under a millisecond single-threaded.
 */
export const DEFAULT_SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};

/** Reference rows written by train.py: inputs (null = missing) and the Python model's outputs. */
const ReferenceSchema = z
  .object({
    features: z.array(z.string()),
    rows: z.array(z.array(z.number().nullable())).min(1),
    probability: z.array(z.number()),
    logit: z.array(z.number()),
  })
  .strict()
  .refine((r) => r.rows.length === r.probability.length && r.rows.length === r.logit.length, 'rows, probability and logit must align');

/** How far the TS Saabas log-odds may drift from Python's (summation order only). */
const EXPLAINER_LOGIT_TOLERANCE = 1e-6;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function readChecked(dir: string, file: string, expected: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, file));
  } catch (cause) {
    throw new ModelRejectedError(dir, `cannot read ${file}`, { cause });
  }
  const actual = sha256(bytes);
  if (actual !== expected) throw new ModelRejectedError(dir, `${file} has SHA-256 ${actual}, manifest says ${expected}`);
  return bytes;
}

function parseJson<T>(dir: string, file: string, bytes: Buffer, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new ModelRejectedError(dir, `${file} is not JSON`, { cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ModelRejectedError(dir, `${file} is invalid: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** Reads and validates a manifest without loading the model (used to pick versions cheaply). */
export async function readManifest(dir: string): Promise<ModelManifest> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, MANIFEST_FILE));
  } catch (cause) {
    throw new ModelRejectedError(dir, `cannot read ${MANIFEST_FILE}`, { cause });
  }
  const manifest = parseJson(dir, MANIFEST_FILE, bytes, ModelManifestSchema);
  if (manifest.name !== basename(dirname(dir)) || manifest.version !== basename(dir)) {
    throw new ModelRejectedError(dir, `manifest says ${manifest.name}/${manifest.version}, directory is ${basename(dirname(dir))}/${basename(dir)}`);
  }
  return manifest;
}

/** Features of a manifest the registry does not know, in manifest order. */
export function unknownFeatures(manifest: Pick<ModelManifest, 'features'>, knownFeatures: Iterable<string>): string[] {
  const known = knownFeatures instanceof Set ? (knownFeatures as Set<string>) : new Set(knownFeatures);
  return manifest.features.filter((f) => !known.has(f));
}

/** Row-major float32 matrix of reference rows, null → NaN. */
function referenceMatrix(rows: readonly (readonly (number | null)[])[], width: number): Float32Array {
  const data = new Float32Array(rows.length * width);
  rows.forEach((row, r) => row.forEach((v, c) => (data[r * width + c] = v === null ? Number.NaN : v)));
  return data;
}

/** Loads a model version directory, or throws ModelRejectedError saying which check failed. */
export async function loadModel(dir: string, options: LoadModelOptions): Promise<LoadedModel> {
  const manifest = await readManifest(dir);
  const unknown = unknownFeatures(manifest, options.knownFeatures);
  if (unknown.length > 0) {
    throw new ModelRejectedError(dir, `features not in the feature registry: ${unknown.join(', ')} (retrain on the current registry or add the features first)`);
  }
  const width = manifest.features.length;

  const sidecar = parseJson(dir, manifest.explainer.file, await readChecked(dir, manifest.explainer.file, manifest.explainer.sha256), TreeSidecarSchema);
  if (sidecar.features.join('\u0000') !== manifest.features.join('\u0000')) {
    throw new ModelRejectedError(dir, `${manifest.explainer.file} lists features in a different order than the manifest`);
  }
  let explainer: TreeExplainer;
  try {
    explainer = new TreeExplainer(sidecar);
  } catch (cause) {
    throw new ModelRejectedError(dir, `${manifest.explainer.file}: ${(cause as Error).message}`, { cause });
  }
  const reference = parseJson(dir, manifest.reference.file, await readChecked(dir, manifest.reference.file, manifest.reference.sha256), ReferenceSchema);
  if (reference.features.join('\u0000') !== manifest.features.join('\u0000') || reference.rows.some((r) => r.length !== width)) {
    throw new ModelRejectedError(dir, `${manifest.reference.file} does not match the manifest's features`);
  }

  const modelBytes = await readChecked(dir, manifest.modelFile, manifest.modelSha256);
  let session: ort.InferenceSession;
  try {
    // Create from the bytes just hashed, so the checked file is the loaded file.
    session = await ort.InferenceSession.create(new Uint8Array(modelBytes.buffer, modelBytes.byteOffset, modelBytes.byteLength), {
      ...DEFAULT_SESSION_OPTIONS,
      ...options.sessionOptions,
    });
  } catch (cause) {
    throw new ModelRejectedError(dir, `onnxruntime cannot load ${manifest.modelFile}: ${(cause as Error).message}`, { cause });
  }
  try {
    checkGraph(dir, manifest, session);
    const matrix = referenceMatrix(reference.rows, width);
    const out = await session.run({ [manifest.inputName]: new ort.Tensor('float32', matrix, [reference.rows.length, width]) });
    const probability = out[manifest.outputName]?.data as Float32Array | undefined;
    if (!probability || probability.length !== reference.rows.length) throw new ModelRejectedError(dir, `output ${manifest.outputName} has the wrong length`);
    for (let r = 0; r < reference.rows.length; r++) {
      const diff = Math.abs((probability[r] as number) - (reference.probability[r] as number));
      if (!(diff <= manifest.reference.tolerance)) {
        throw new ModelRejectedError(dir, `reference row ${r}: ONNX gives ${probability[r]}, Python gave ${reference.probability[r]} (tolerance ${manifest.reference.tolerance})`);
      }
      const logit = explainer.explain(matrix, r).logit;
      if (!(Math.abs(logit - (reference.logit[r] as number)) <= EXPLAINER_LOGIT_TOLERANCE)) {
        throw new ModelRejectedError(dir, `reference row ${r}: ${manifest.explainer.file} gives log-odds ${logit}, Python gave ${reference.logit[r]}`);
      }
    }
  } catch (error) {
    await session.release().catch(() => undefined);
    throw error instanceof ModelRejectedError ? error : new ModelRejectedError(dir, `scoring reference rows failed: ${(error as Error).message}`, { cause: error });
  }
  return { dir, manifest, session, explainer };
}

function checkGraph(dir: string, manifest: ModelManifest, session: ort.InferenceSession): void {
  if (session.inputNames.length !== 1 || session.inputNames[0] !== manifest.inputName) {
    throw new ModelRejectedError(dir, `graph inputs are [${session.inputNames.join(', ')}], manifest expects [${manifest.inputName}]`);
  }
  for (const name of [manifest.outputName, manifest.logitOutputName]) {
    if (!session.outputNames.includes(name)) throw new ModelRejectedError(dir, `graph has no output ${name} (outputs: ${session.outputNames.join(', ')})`);
  }
  const input = session.inputMetadata[0];
  if (input?.isTensor) {
    const width = input.shape[input.shape.length - 1];
    if (input.type !== 'float32' || input.shape.length !== 2 || (typeof width === 'number' && width !== manifest.features.length)) {
      throw new ModelRejectedError(dir, `graph input is ${input.type} [${input.shape.join(', ')}], manifest has ${manifest.features.length} float32 features`);
    }
  }
}

/** Frees a model's native session; safe to call twice. */
export async function releaseModel(model: LoadedModel): Promise<void> {
  await model.session.release().catch(() => undefined);
}
