/**
 * Per-feature contributions of a tree-ensemble score, for reason codes: the Saabas method
 * (A. Saabas, "Interpreting random forests", 2014; the `treeinterpreter` package). Walking a
 * row down each tree, every split moves the expected output from value(node) to value(child);
 * that difference is credited to the split's feature. Per tree the credits telescope to
 * leaf − root, so over the ensemble
 *
 *     logit = bias + Σ_f contribution_f,   bias = baseline + Σ_trees value(root)
 *
 * exactly (in log-odds, before the sigmoid). value(node) is the training-count-weighted mean of
 * the leaves below it, computed by `training/onnx_trees.py` and stored in the sidecar.
 *
 * Honest limits: Saabas credits are path-dependent (a feature split near the root gets credit
 * that SHAP would share with features split further down), so they rank "what moved this score"
 * well but are not Shapley values. They are in log-odds units, not probability.
 */
import { z } from 'zod';

const TreeSchema = z
  .object({
    feature: z.array(z.number().int().min(-1)),
    // null stands for +Infinity (sklearn's "split on NaN": every number goes left), which JSON cannot spell.
    threshold: z.array(z.number().nullable()),
    left: z.array(z.number().int().min(-1)),
    right: z.array(z.number().int().min(-1)),
    missingLeft: z.array(z.boolean()),
    value: z.array(z.number()),
  })
  .strict()
  .refine((t) => {
    const n = t.feature.length;
    return n > 0 && [t.threshold, t.left, t.right, t.missingLeft, t.value].every((a) => a.length === n);
  }, 'every node array of a tree must have the same, non-zero length');

/** The sidecar file (`trees.json`) written beside model.onnx. */
export const TreeSidecarSchema = z
  .object({
    kind: z.literal('saabas-tree-ensemble'),
    features: z.array(z.string()),
    baseline: z.number(),
    trees: z.array(TreeSchema).min(1),
  })
  .strict();
export type TreeSidecar = z.infer<typeof TreeSidecarSchema>;

interface PackedTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly missingLeft: Uint8Array;
  readonly value: Float64Array;
}

/** Saabas decomposition of one row's log-odds. */
export interface Explanation {
  /** Baseline log-odds plus every tree's root value: the score of a row with no information. */
  readonly bias: number;
  /** Contribution per feature, in manifest feature order, log-odds units. */
  readonly contributions: Float64Array;
  /** bias + Σ contributions: the ensemble's log-odds for the row. */
  readonly logit: number;
}

/** Computes Saabas contributions from the stored tree structure. */
export class TreeExplainer {
  readonly #trees: PackedTree[];
  readonly #bias: number;
  readonly featureCount: number;

  constructor(sidecar: TreeSidecar) {
    this.featureCount = sidecar.features.length;
    this.#trees = sidecar.trees.map((t, ti) => {
      const n = t.feature.length;
      for (let i = 0; i < n; i++) {
        const f = t.feature[i] as number;
        if (f < 0) continue;
        const l = t.left[i] as number;
        const r = t.right[i] as number;
        // Children always come after their parent in sklearn's layout; checking it rules out cycles.
        if (f >= this.featureCount || l <= i || r <= i || l >= n || r >= n) {
          throw new RangeError(`tree ${ti} node ${i} is malformed (feature ${f}, children ${l}/${r})`);
        }
      }
      return {
        feature: Int32Array.from(t.feature),
        threshold: Float64Array.from(t.threshold, (v) => (v === null ? Number.POSITIVE_INFINITY : v)),
        left: Int32Array.from(t.left),
        right: Int32Array.from(t.right),
        missingLeft: Uint8Array.from(t.missingLeft, (b) => (b ? 1 : 0)),
        value: Float64Array.from(t.value),
      };
    });
    this.#bias = this.#trees.reduce((sum, t) => sum + (t.value[0] as number), sidecar.baseline);
  }

  /**
   * Explains the row stored at `row * featureCount` in a float32 matrix — the very values the
   * ONNX session saw, so the same branches are taken (NaN follows the learned missing branch).
   */
  explain(matrix: Float32Array, row: number): Explanation {
    const f = this.featureCount;
    const base = row * f;
    const contributions = new Float64Array(f);
    let logit = this.#bias;
    for (const t of this.#trees) {
      let i = 0;
      let feature = t.feature[0] as number;
      while (feature >= 0) {
        const x = matrix[base + feature] as number;
        const goLeft = Number.isNaN(x) ? t.missingLeft[i] === 1 : x <= (t.threshold[i] as number);
        const child = (goLeft ? t.left[i] : t.right[i]) as number;
        const delta = (t.value[child] as number) - (t.value[i] as number);
        contributions[feature] = (contributions[feature] as number) + delta;
        logit += delta;
        i = child;
        feature = t.feature[i] as number;
      }
    }
    return { bias: this.#bias, contributions, logit };
  }
}
