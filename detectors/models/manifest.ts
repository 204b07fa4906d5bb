/**
 * The manifest that sits beside every model file (`models/<name>/<version>/manifest.json`). It is
 * the contract between the model owner (who trains in Python, `training/train.py`) and the
 * scoring service: which features in which order, what the output means, how good it was on
 * held-out data and at which scores to act. The loader refuses a model whose manifest does not
 * check out (see loader.ts).
 */
import { z } from 'zod';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');
const FileName = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a plain file name in the model directory').refine((f) => f !== '.' && f !== '..');

/** Model names are directory names and metric/log values: lower snake case. */
export const MODEL_NAME = /^[a-z][a-z0-9_]{0,63}$/;
/** Versions are `major.minor.patch` numbers, compared numerically (see compareVersions.ts). */
export const MODEL_VERSION = /^\d{1,6}\.\d{1,6}\.\d{1,6}$/;

export const MODEL_ROLES = ['champion', 'challenger'] as const;
export type ModelRole = (typeof MODEL_ROLES)[number];

export const ModelManifestSchema = z
  .object({
    name: z.string().regex(MODEL_NAME).describe('Model name; equals the parent directory name'),
    version: z.string().regex(MODEL_VERSION).describe('Model version; equals the directory name'),
    role: z.enum(MODEL_ROLES).describe('champion: acted on; challenger: shadow-scored and recorded only'),
    description: z.string().max(512).describe('What the score means, in one sentence'),
    entity: z.enum(['application', 'transaction', 'loan']).describe('What one scored row is'),
    target: z.string().max(512).describe('The label the model predicts, precisely'),
    features: z
      .array(z.string().min(1).max(128))
      .min(1)
      .refine((f) => new Set(f).size === f.length, 'feature names must be unique')
      .describe('Feature names in the column order of the model input'),
    missingValues: z
      .literal('nan')
      .describe('Absent or null features are passed as NaN; the tree ensemble routes NaN down the branch learned in training'),
    inputName: z.string().min(1),
    outputName: z.string().min(1).describe('Output holding P(target) as float32 [n, 1]'),
    logitOutputName: z.string().min(1).describe('Output holding the log-odds as float32 [n, 1]'),
    opset: z.record(z.string(), z.number().int().positive()).describe('ONNX opsets by domain the graph was built with'),
    modelFile: FileName,
    modelSha256: Sha256,
    explainer: z.object({
      kind: z.literal('saabas-tree-ensemble'),
      file: FileName,
      sha256: Sha256,
    }),
    reference: z
      .object({ file: FileName, sha256: Sha256, tolerance: z.number().positive().max(1e-3) })
      .describe('Rows scored by the Python reference model; the loader re-scores them and refuses on disagreement'),
    trainingDataSha256: Sha256.describe('SHA-256 of the exact CSV bytes the model was trained on'),
    trainingData: z.object({
      file: z.string().max(256),
      rows: z.number().int().nonnegative(),
      positives: z.number().int().nonnegative(),
      simulatorSeed: z.number().int().optional(),
      from: z.iso.datetime({ offset: true }),
      to: z.iso.datetime({ offset: true }),
    }),
    trainedAt: z.iso.datetime({ offset: true }).describe('Taken from the data (last event time), not the wall clock, so retraining is byte-reproducible'),
    algorithm: z.object({
      library: z.string().max(128),
      estimator: z.string().max(128),
      params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
    }),
    split: z.string().max(512).describe('How train / validation / test rows were separated'),
    metrics: z
      .object({ auc: z.number().min(0).max(1) })
      .catchall(z.number())
      .describe('Held-out (test) metrics; auc is required'),
    thresholds: z
      .object({ review: z.number().min(0).max(1), alert: z.number().min(0).max(1) })
      .catchall(z.number().min(0).max(1))
      .refine((t) => t.review <= t.alert, 'thresholds.review must not exceed thresholds.alert')
      .describe('Probability cut-offs: >= review goes to a person, >= alert raises an alert'),
    thresholdPolicy: z.string().max(512).describe('How the thresholds were chosen'),
  })
  .strict();

/** A model's manifest, as validated. */
export type ModelManifest = z.infer<typeof ModelManifestSchema>;

/** File name of the manifest inside a model version directory. */
export const MANIFEST_FILE = 'manifest.json';
