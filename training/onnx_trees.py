"""
Hand-written conversion of a fitted binary sklearn HistGradientBoostingClassifier to ONNX, plus
the tree sidecar the TypeScript side uses for reason codes.

There is no skl2onnx on Debian, so the graph is built with onnx.helper:

    features float32 [n, f]
      -> Cast to float64
      -> ai.onnx.ml.TreeEnsembleRegressor (SUM of every tree's leaf + the baseline log-odds)
      -> "logit" float32 [n, 1]
      -> Sigmoid
      -> "probability" float32 [n, 1]

Why this is exact (not an approximation of the sklearn model):
- sklearn's predictor sends a row left when `x <= num_threshold` and, for NaN, left iff
  `missing_go_to_left` (sklearn/ensemble/_hist_gradient_boosting/_predictor.pyx). ONNX mode
  BRANCH_LEQ with `nodes_missing_value_tracks_true` is the same rule ("true" branch = left).
- Thresholds and leaf weights are given as double tensors (ai.onnx.ml opset 3
  `nodes_values_as_tensor` / `target_weights_as_tensor`). onnxruntime only accepts double
  attribute tensors for a double input (float input wants float tensors), hence the Cast: the
  float32 row is widened exactly, compared against the float64 sklearn threshold and the leaves
  are summed in double, as sklearn does for a float32-valued row. Only the final logit is float32.
- A "split on NaNs" has threshold +inf in sklearn: every number goes left, NaN goes right.
  ONNX carries +inf the same way.

Categorical splits are not supported (the trainers use numeric features only) and raise.
"""
from __future__ import annotations

import math

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# Pinned so the bytes of model.onnx do not depend on the onnx package's default opset.
ONNX_OPSET = 15
ONNX_ML_OPSET = 3
INPUT_NAME = "features"
LOGIT_NAME = "logit"
PROBABILITY_NAME = "probability"
INPUT_AS_DOUBLE = "features_f64"


def _predictor_nodes(model):
    """The node arrays of every tree, one per boosting iteration (binary: one tree per iteration)."""
    if model.n_trees_per_iteration_ != 1:
        raise ValueError("only binary classifiers are supported (one tree per iteration)")
    return [iteration[0].nodes for iteration in model._predictors]


def _subtree_values(nodes) -> np.ndarray:
    """
    Expected raw output under each node: the training-count-weighted mean of its leaves.

    sklearn stores the *unshrunk* Newton value on internal nodes and the shrunk value on leaves
    (grower._apply_shrinkage touches leaves only), so internal `value`s are not on the leaves'
    scale. Saabas contributions need value(node) = E[leaf | reached node], which is what we
    recompute here; with it, each tree's contributions telescope to leaf - root exactly.
    """
    values = np.zeros(len(nodes), dtype=np.float64)
    counts = np.zeros(len(nodes), dtype=np.float64)

    def visit(i: int) -> None:
        node = nodes[i]
        if node["is_leaf"]:
            values[i] = float(node["value"])
            counts[i] = float(node["count"])
            return
        left, right = int(node["left"]), int(node["right"])
        visit(left)
        visit(right)
        counts[i] = counts[left] + counts[right]
        values[i] = (values[left] * counts[left] + values[right] * counts[right]) / counts[i] if counts[i] > 0 else 0.0

    visit(0)
    return values


def tree_sidecar(model, feature_names: list[str]) -> dict:
    """
    The tree structure as plain arrays (trees.json), used by the TypeScript runner to compute
    per-feature Saabas contributions for reason codes. `bias` is the baseline log-odds plus the
    sum of the root values; bias + sum(contributions) = logit.
    """
    baseline = float(np.asarray(model._baseline_prediction).ravel()[0])
    trees = []
    for nodes in _predictor_nodes(model):
        if np.any(nodes["is_categorical"]):
            raise ValueError("categorical splits are not supported by this converter")
        values = _subtree_values(nodes)
        trees.append({
            "feature": [int(n["feature_idx"]) if not n["is_leaf"] else -1 for n in nodes],
            "threshold": [float(n["num_threshold"]) if not n["is_leaf"] else 0.0 for n in nodes],
            "left": [int(n["left"]) if not n["is_leaf"] else -1 for n in nodes],
            "right": [int(n["right"]) if not n["is_leaf"] else -1 for n in nodes],
            "missingLeft": [bool(n["missing_go_to_left"]) if not n["is_leaf"] else False for n in nodes],
            "value": [float(v) for v in values],
        })
    return {"kind": "saabas-tree-ensemble", "features": list(feature_names), "baseline": baseline, "trees": trees}


def to_onnx(model, feature_names: list[str], model_name: str) -> onnx.ModelProto:
    """Builds the ONNX graph for a fitted binary HistGradientBoostingClassifier."""
    baseline = float(np.asarray(model._baseline_prediction).ravel()[0])
    tree_ids, node_ids, features, modes, thresholds, true_ids, false_ids, missing_true = [], [], [], [], [], [], [], []
    t_tree, t_node, t_id, t_weight = [], [], [], []
    for tree_id, nodes in enumerate(_predictor_nodes(model)):
        if np.any(nodes["is_categorical"]):
            raise ValueError("categorical splits are not supported by this converter")
        for node_id, n in enumerate(nodes):
            tree_ids.append(tree_id)
            node_ids.append(node_id)
            if n["is_leaf"]:
                features.append(0)
                modes.append("LEAF")
                thresholds.append(0.0)
                true_ids.append(0)
                false_ids.append(0)
                missing_true.append(0)
                t_tree.append(tree_id)
                t_node.append(node_id)
                t_id.append(0)
                t_weight.append(float(n["value"]))
            else:
                features.append(int(n["feature_idx"]))
                modes.append("BRANCH_LEQ")
                thresholds.append(float(n["num_threshold"]))
                true_ids.append(int(n["left"]))
                false_ids.append(int(n["right"]))
                missing_true.append(int(n["missing_go_to_left"]))

    n_features = len(feature_names)
    ensemble = helper.make_node(
        "TreeEnsembleRegressor",
        inputs=[INPUT_AS_DOUBLE],
        outputs=[LOGIT_NAME],
        domain="ai.onnx.ml",
        name="trees",
        n_targets=1,
        aggregate_function="SUM",
        post_transform="NONE",
        base_values_as_tensor=numpy_helper.from_array(np.array([baseline], dtype=np.float64), "base_values"),
        nodes_treeids=tree_ids,
        nodes_nodeids=node_ids,
        nodes_featureids=features,
        nodes_modes=modes,
        nodes_values_as_tensor=numpy_helper.from_array(np.array(thresholds, dtype=np.float64), "nodes_values"),
        nodes_truenodeids=true_ids,
        nodes_falsenodeids=false_ids,
        nodes_missing_value_tracks_true=missing_true,
        target_treeids=t_tree,
        target_nodeids=t_node,
        target_ids=t_id,
        target_weights_as_tensor=numpy_helper.from_array(np.array(t_weight, dtype=np.float64), "target_weights"),
    )
    cast = helper.make_node("Cast", inputs=[INPUT_NAME], outputs=[INPUT_AS_DOUBLE], name="to_double", to=TensorProto.DOUBLE)
    sigmoid = helper.make_node("Sigmoid", inputs=[LOGIT_NAME], outputs=[PROBABILITY_NAME], name="sigmoid")
    graph = helper.make_graph(
        [cast, ensemble, sigmoid],
        model_name,
        inputs=[helper.make_tensor_value_info(INPUT_NAME, TensorProto.FLOAT, ["n", n_features])],
        outputs=[
            helper.make_tensor_value_info(LOGIT_NAME, TensorProto.FLOAT, ["n", 1]),
            helper.make_tensor_value_info(PROBABILITY_NAME, TensorProto.FLOAT, ["n", 1]),
        ],
    )
    onnx_model = helper.make_model(
        graph,
        producer_name="fengkong-training",
        producer_version="1",
        opset_imports=[helper.make_opsetid("", ONNX_OPSET), helper.make_opsetid("ai.onnx.ml", ONNX_ML_OPSET)],
    )
    # Pin the IR version too: make_model would otherwise stamp the installed onnx's latest.
    onnx_model.ir_version = 8
    onnx.checker.check_model(onnx_model)
    return onnx_model


def saabas(sidecar: dict, row: np.ndarray) -> tuple[float, np.ndarray]:
    """Reference Saabas contributions for one row (float32-valued), for tests against the TS port."""
    contributions = np.zeros(len(sidecar["features"]), dtype=np.float64)
    bias = sidecar["baseline"]
    for tree in sidecar["trees"]:
        i = 0
        bias += tree["value"][0]
        while tree["feature"][i] >= 0:
            f = tree["feature"][i]
            x = row[f]
            threshold = tree["threshold"][i]
            threshold = math.inf if threshold is None else threshold  # JSON null = +inf, as in trees.json
            go_left = bool(tree["missingLeft"][i]) if np.isnan(x) else x <= threshold
            child = tree["left"][i] if go_left else tree["right"][i]
            contributions[f] += tree["value"][child] - tree["value"][i]
            i = child
    return bias, contributions
