#!/usr/bin/python3
"""
Trains Fengkong's default models from the CSVs written by training/exportDataset.ts and writes,
per model, `models/<name>/<version>/`:

    model.onnx      the scoring graph (converted by hand, see onnx_trees.py)
    trees.json      tree structure for Saabas reason codes in the TypeScript runner
    reference.json  a few test rows with the Python model's outputs (the loader re-checks them)
    manifest.json   features in input order, version, role, training-data SHA-256, metrics,
                    thresholds, opsets (schema: detectors/models/manifest.ts)

Reproducible to the byte: fixed random_state, one OpenMP thread, pinned opsets and IR version,
trainedAt taken from the data, JSON written with fixed key order. Run with Debian's python3
(python3-sklearn, python3-onnx): `/usr/bin/python3 training/train.py` (or `npm run train`).

`--synthetic` trains a tiny toy model from generated data instead, for the loader/runner tests
(detectors/models/__fixtures__/).

`--table NAME` trains one model from any table of the same layout with a documented split instead
of the default tables (the public data sets: training/public/train.ts). The split file lists
`row_id,split` (train | test); `--exclude` leaves feature columns out; `--drop-constant` leaves
out columns constant over the training rows. Nothing in the default path changes.
"""
from __future__ import annotations

import os

# Before numpy/sklearn load OpenMP: a single thread keeps histogram sums in one order, so the
# trees (and model.onnx bytes) are identical on every machine.
os.environ["OMP_NUM_THREADS"] = "1"
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import csv
import hashlib
import json
import math
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from onnx_trees import (  # noqa: E402
    INPUT_NAME, LOGIT_NAME, ONNX_ML_OPSET, ONNX_OPSET, PROBABILITY_NAME, saabas, to_onnx, tree_sidecar,
)

REPO = Path(__file__).resolve().parent.parent
META_COLUMNS = ("row_id", "event_time", "label")
REFERENCE_TOLERANCE = 1e-5
SPLIT = (0.6, 0.2, 0.2)  # train / validation / test, by event time


@dataclass(frozen=True)
class ModelSpec:
    """What the model owner decides: version, role, hyper-parameters and alert budgets."""
    name: str
    version: str
    role: str
    # Share of validation rows at or above each threshold (operations' review and alert capacity).
    review_rate: float
    alert_rate: float
    params: dict = field(default_factory=dict)
    # Feature whose value 0 or missing marks a "performing" row; metrics are also reported on
    # those rows alone (for the PD: loans not in arrears, where an early warning has value).
    performing_feature: str | None = None


BASE_PARAMS = dict(
    learning_rate=0.08, max_iter=120, max_leaf_nodes=15, min_samples_leaf=30,
    l2_regularization=1.0, early_stopping=False, random_state=20260101,
)

MODELS = [
    ModelSpec("application_fraud", "1.0.0", "champion", review_rate=0.15, alert_rate=0.05, params=BASE_PARAMS),
    ModelSpec("transaction_fraud", "1.0.0", "champion", review_rate=0.005, alert_rate=0.001, params=BASE_PARAMS),
    ModelSpec("pd_30d", "1.0.0", "champion", review_rate=0.10, alert_rate=0.04, params=BASE_PARAMS,
              performing_feature="loan.dpd_last"),
]

# `--select-params`: candidates tried on an inner validation part of the training rows (never the
# test rows): the defaults, a more regularised and a shallower ensemble.
PARAM_CANDIDATES = [
    BASE_PARAMS,
    dict(BASE_PARAMS, learning_rate=0.05, max_iter=200, min_samples_leaf=100, l2_regularization=10.0),
    dict(BASE_PARAMS, learning_rate=0.05, max_iter=300, max_leaf_nodes=7, min_samples_leaf=50),
]
INNER_VALIDATION_SHARE = 0.2

TOY_PARAMS = dict(BASE_PARAMS, max_iter=25, max_leaf_nodes=7, min_samples_leaf=20)
TOY_MODELS = [
    ModelSpec("toy_fraud", "1.0.0", "champion", review_rate=0.10, alert_rate=0.02, params=TOY_PARAMS),
    ModelSpec("toy_fraud", "1.1.0", "challenger", review_rate=0.10, alert_rate=0.02,
              params=dict(TOY_PARAMS, max_iter=15, learning_rate=0.15)),
]


@dataclass
class Dataset:
    path: Path
    sha256: str
    features: list[str]
    row_ids: list[str]
    times: list[str]
    X: np.ndarray  # float32 values widened to float64: exactly what the float32 ONNX input sees
    y: np.ndarray
    meta: dict


def read_dataset(path: Path) -> Dataset:
    raw = path.read_bytes()
    meta_path = path.with_suffix(".meta.json")
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    reader = csv.reader(raw.decode("utf-8").splitlines())
    header = next(reader)
    if tuple(header[:3]) != META_COLUMNS:
        raise SystemExit(f"{path}: header must start with {','.join(META_COLUMNS)}")
    features = header[3:]
    row_ids, times, labels, values = [], [], [], []
    for line in reader:
        row_ids.append(line[0])
        times.append(line[1])
        labels.append(int(line[2]))
        values.append([float(v) if v != "" else math.nan for v in line[3:]])
    X = np.asarray(values, dtype=np.float32).astype(np.float64)
    return Dataset(path, hashlib.sha256(raw).hexdigest(), features, row_ids, times, X, np.asarray(labels, dtype=np.int64), meta)


def time_split(ds: Dataset) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Out-of-time split: the model is judged on rows later than any it was trained on."""
    order = sorted(range(len(ds.times)), key=lambda i: (ds.times[i], ds.row_ids[i]))
    n = len(order)
    a, b = int(n * SPLIT[0]), int(n * (SPLIT[0] + SPLIT[1]))
    return np.asarray(order[:a]), np.asarray(order[a:b]), np.asarray(order[b:])


def read_split(path: Path, ds: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Train and test row indices from a `row_id,split` file; every table row must be in it exactly once."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        if next(reader) != ["row_id", "split"]:
            raise SystemExit(f"{path}: header must be row_id,split")
        split = {}
        for row_id, value in reader:
            if value not in ("train", "test") or row_id in split:
                raise SystemExit(f"{path}: row {row_id!r} has split {value!r} or appears twice")
            split[row_id] = value
    missing = [r for r in ds.row_ids if r not in split]
    if missing or len(split) != len(ds.row_ids):
        raise SystemExit(f"{path}: {len(missing)} table rows have no split, or the file lists rows the table lacks")
    train = np.asarray([i for i, r in enumerate(ds.row_ids) if split[r] == "train"])
    test = np.asarray([i for i, r in enumerate(ds.row_ids) if split[r] == "test"])
    return train, test


def select_features(ds: Dataset, keep: list[str]) -> Dataset:
    """The dataset with only the `keep` columns, in table order (the bytes fingerprint stays the table's)."""
    idx = [ds.features.index(f) for f in keep]
    return Dataset(ds.path, ds.sha256, keep, ds.row_ids, ds.times, ds.X[:, idx], ds.y, ds.meta)


def threshold_at_rate(scores: np.ndarray, rate: float) -> float:
    """Smallest score among the top `rate` share of rows (at least one row)."""
    k = max(1, int(math.ceil(rate * len(scores))))
    return float(np.sort(scores)[::-1][k - 1])


def rounded(x: float, digits: int = 6) -> float:
    return float(f"{x:.{digits}g}")


def auc_interval(y: np.ndarray, p: np.ndarray, resamples: int = 200, seed: int = 1) -> tuple[float, float]:
    """95% bootstrap interval of the test AUC: with few positives the point estimate alone misleads."""
    rng = np.random.default_rng(seed)
    aucs = []
    for _ in range(resamples):
        idx = rng.integers(0, len(y), len(y))
        if 0 < y[idx].sum() < len(idx):
            aucs.append(roc_auc_score(y[idx], p[idx]))
    if not aucs:
        return (0.0, 1.0)
    return float(np.quantile(aucs, 0.025)), float(np.quantile(aucs, 0.975))


def evaluate(y: np.ndarray, p: np.ndarray, thresholds: dict) -> dict:
    low, high = auc_interval(y, p)
    metrics = {
        "auc": rounded(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else 0.5,
        "aucLow95": rounded(low),
        "aucHigh95": rounded(high),
        "averagePrecision": rounded(average_precision_score(y, p)) if y.sum() > 0 else 0.0,
        "brier": rounded(brier_score_loss(y, p)),
        "logLoss": rounded(log_loss(y, p, labels=[0, 1])),
        "testRows": int(len(y)),
        "testPositives": int(y.sum()),
    }
    for name, t in thresholds.items():
        flagged = p >= t
        tp = int((flagged & (y == 1)).sum())
        # Precision is undefined when nothing is flagged; it is then left out rather than shown as 0.
        if flagged.sum():
            metrics[f"precisionAt{name.capitalize()}"] = rounded(tp / flagged.sum())
        metrics[f"recallAt{name.capitalize()}"] = rounded(tp / y.sum()) if y.sum() else 0.0
        metrics[f"flaggedShareAt{name.capitalize()}"] = rounded(float(flagged.mean()))
    return metrics


def pick_reference_rows(X: np.ndarray, p: np.ndarray, k: int = 8) -> list[int]:
    """A few test rows: the first ones, some with missing values, and the highest scored."""
    chosen: list[int] = list(range(min(3, len(X))))
    with_nan = [i for i in range(len(X)) if np.isnan(X[i]).any() and i not in chosen]
    chosen += with_nan[:3]
    for i in np.argsort(-p, kind="stable"):
        if len(chosen) >= k:
            break
        if int(i) not in chosen:
            chosen.append(int(i))
    return chosen


def json_bytes(obj) -> bytes:
    return (json.dumps(obj, indent=2, allow_nan=False) + "\n").encode("utf-8")


def compact_json_bytes(obj) -> bytes:
    return (json.dumps(obj, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")


def sha256(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


@dataclass(frozen=True)
class ExplicitSplit:
    """A documented train/test split (public data). Thresholds then come from the training rows' own
    scores: there is no validation part, and no reported figure depends on the thresholds."""
    train: np.ndarray
    test: np.ndarray
    description: str


def train_one(spec: ModelSpec, ds: Dataset, out_root: Path, explicit: ExplicitSplit | None = None, description: str | None = None) -> dict:
    if explicit is None:
        train, valid, test = time_split(ds)
    else:
        train, valid, test = explicit.train, explicit.train, explicit.test
    if ds.y[train].sum() == 0 or ds.y[train].sum() == len(train):
        raise SystemExit(f"{spec.name}: the training split has a single class; simulate more days or a larger population")
    model = HistGradientBoostingClassifier(**spec.params).fit(ds.X[train], ds.y[train])

    p_valid = model.predict_proba(ds.X[valid])[:, 1]
    thresholds = {"review": threshold_at_rate(p_valid, spec.review_rate), "alert": threshold_at_rate(p_valid, spec.alert_rate)}
    thresholds["review"] = min(thresholds["review"], thresholds["alert"])
    thresholds = {k: rounded(v) for k, v in thresholds.items()}
    X_test, y_test = ds.X[test], ds.y[test]
    p_test = model.predict_proba(X_test)[:, 1]
    metrics = evaluate(y_test, p_test, thresholds)
    metrics.update({"trainRows": int(len(train)), "validationRows": int(len(valid)) if explicit is None else 0, "trainPositives": int(ds.y[train].sum())})
    if spec.performing_feature is not None:
        column = X_test[:, ds.features.index(spec.performing_feature)]
        performing = np.isnan(column) | (column == 0)
        y_p, p_p = y_test[performing], p_test[performing]
        metrics["performingTestRows"] = int(performing.sum())
        metrics["performingTestPositives"] = int(y_p.sum())
        if 0 < y_p.sum() < len(y_p):
            metrics["aucPerforming"] = rounded(roc_auc_score(y_p, p_p))
            metrics["averagePrecisionPerforming"] = rounded(average_precision_score(y_p, p_p))

    onnx_model = to_onnx(model, ds.features, spec.name)
    onnx_bytes = onnx_model.SerializeToString()
    sidecar = tree_sidecar(model, ds.features)
    # JSON cannot spell +inf (sklearn's "split on NaN" threshold): null means +inf, see treeExplainer.ts.
    for tree in sidecar["trees"]:
        tree["threshold"] = [None if math.isinf(t) else t for t in tree["threshold"]]
    sidecar_bytes = compact_json_bytes(sidecar)

    ref_idx = pick_reference_rows(X_test, p_test)
    ref_rows = X_test[ref_idx]
    ref_logit = model.decision_function(ref_rows)
    for r, row in zip(ref_logit, ref_rows):
        bias, contributions = saabas(json.loads(sidecar_bytes), row)
        assert abs(bias + contributions.sum() - r) < 1e-9, "Saabas contributions must sum to the log-odds"
    reference = {
        "features": ds.features,
        "rows": [[None if math.isnan(v) else float(v) for v in row] for row in ref_rows],
        "probability": [float(v) for v in model.predict_proba(ref_rows)[:, 1]],
        "logit": [float(v) for v in ref_logit],
    }
    reference_bytes = json_bytes(reference)

    times = sorted(ds.times)
    params = {k: v for k, v in sorted(model.get_params().items()) if isinstance(v, (int, float, str, bool)) or v is None}
    manifest = {
        "name": spec.name,
        "version": spec.version,
        "role": spec.role,
        "description": description or ds.meta.get("description", spec.name),
        "entity": ds.meta.get("entity", "application"),
        "target": ds.meta.get("target", "label"),
        "features": ds.features,
        "missingValues": "nan",
        "inputName": INPUT_NAME,
        "outputName": PROBABILITY_NAME,
        "logitOutputName": LOGIT_NAME,
        "opset": {"ai.onnx": ONNX_OPSET, "ai.onnx.ml": ONNX_ML_OPSET},
        "modelFile": "model.onnx",
        "modelSha256": sha256(onnx_bytes),
        "explainer": {"kind": "saabas-tree-ensemble", "file": "trees.json", "sha256": sha256(sidecar_bytes)},
        "reference": {"file": "reference.json", "sha256": sha256(reference_bytes), "tolerance": REFERENCE_TOLERANCE},
        "trainingDataSha256": ds.sha256,
        "trainingData": {
            "file": ds.path.name,
            "rows": int(len(ds.y)),
            "positives": int(ds.y.sum()),
            **({"simulatorSeed": int(ds.meta["simulatorSeed"])} if "simulatorSeed" in ds.meta else {}),
            "from": times[0],
            "to": times[-1],
        },
        "trainedAt": ds.meta.get("dataEnd", times[-1]),
        "algorithm": {"library": f"scikit-learn {sklearn.__version__}", "estimator": "HistGradientBoostingClassifier", "params": params},
        "split": f"out-of-time by event time: first {SPLIT[0]:.0%} train, next {SPLIT[1]:.0%} validation (thresholds), last {SPLIT[2]:.0%} test (metrics)"
        if explicit is None else explicit.description,
        "metrics": metrics,
        "thresholds": thresholds,
        "thresholdPolicy": f"review = score of the top {spec.review_rate:.2%} of {'validation' if explicit is None else 'training'} rows, alert = top {spec.alert_rate:.2%} (operations capacity), never review > alert",
    }

    out = out_root / spec.name / spec.version
    staging = out_root / spec.name / f".staging-{spec.version}"
    # Write to a dot-directory and rename: a running ModelSet never sees a half-written version.
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    (staging / "model.onnx").write_bytes(onnx_bytes)
    (staging / "trees.json").write_bytes(sidecar_bytes)
    (staging / "reference.json").write_bytes(reference_bytes)
    (staging / "manifest.json").write_bytes(json_bytes(manifest))
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    return manifest


def synthetic_dataset(path: Path, seed: int = 7, n: int = 4000) -> None:
    """A tiny labelled table with missing values, for the fixture model the unit tests use."""
    rng = np.random.default_rng(seed)
    amount = rng.lognormal(10, 1, n)
    night = (rng.random(n) < 0.2).astype(float)
    face = rng.beta(8, 2, n)
    face[rng.random(n) < 0.1] = np.nan
    velocity = rng.poisson(2, n).astype(float)
    logit = -4 + 0.9 * (np.log(amount) - 10) + 1.5 * night + 2.5 * (0.8 - np.nan_to_num(face, nan=0.5)) + 0.3 * velocity
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    start = np.datetime64("2026-01-01T00:00:00")
    lines = [",".join([*META_COLUMNS, "toy_amount", "toy_night", "toy_face_match", "toy_velocity_1h"])]
    for i in range(n):
        t = str(start + np.timedelta64(int(i * 60), "s")) + ".000Z"
        vals = [amount[i], night[i], face[i], velocity[i]]
        lines.append(",".join([f"toy-{i}", t, str(y[i]), *("" if np.isnan(v) else repr(float(np.float32(v))) for v in vals)]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    path.with_suffix(".meta.json").write_text(json.dumps({
        "description": "Toy fraud score on generated data, for tests only",
        "entity": "transaction",
        "target": "generated fraud flag",
        "dataEnd": str(start + np.timedelta64(int(n * 60), "s")) + ".000Z",
    }, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(REPO / "training" / "data"), help="directory of <model>.csv from exportDataset.ts")
    parser.add_argument("--out", default=str(REPO / "models"), help="models root to write <name>/<version>/ into")
    parser.add_argument("--only", action="append", help="train only this model (repeatable)")
    parser.add_argument("--synthetic", action="store_true", help="train the toy test fixture from generated data")
    table = parser.add_argument_group("one model from any table with a documented split (public data)")
    table.add_argument("--table", help="train from <data>/<table>.csv (+ .meta.json) instead of the default tables")
    table.add_argument("--split-file", help="row_id,split (train|test) for every row of the table")
    table.add_argument("--model", help="model name: the directory under --out")
    table.add_argument("--version", default="1.0.0")
    table.add_argument("--role", choices=["champion", "challenger"], default="champion")
    table.add_argument("--exclude", action="append", default=[], help="feature column to leave out (repeatable)")
    table.add_argument("--drop-constant", action="store_true", help="leave out columns constant (or all missing) over the training rows")
    table.add_argument("--review-rate", type=float, default=0.10)
    table.add_argument("--alert-rate", type=float, default=0.02)
    table.add_argument("--note", help="appended to the table's description in the manifest")
    table.add_argument("--select-params", action="store_true",
                       help="choose among PARAM_CANDIDATES by AUC on the last 20%% of the training rows (table order), then refit on all of them")
    args = parser.parse_args()

    if args.table:
        train_table(args)
        return
    data, out = Path(args.data), Path(args.out)
    specs = TOY_MODELS if args.synthetic else MODELS
    if args.synthetic:
        synthetic_dataset(data / "toy_fraud.csv")
    for spec in specs:
        if args.only and spec.name not in args.only:
            continue
        path = data / f"{spec.name}.csv"
        if not path.exists():
            raise SystemExit(f"{path} not found: run `npx tsx training/exportDataset.ts` first (or `npm run train`)")
        report(spec, train_one(spec, read_dataset(path), out))


def train_table(args) -> None:
    """`--table` mode: one model, documented split, chosen columns."""
    if not args.model or not args.split_file:
        raise SystemExit("--table needs --model and --split-file")
    path = Path(args.data) / f"{args.table}.csv"
    if not path.exists():
        raise SystemExit(f"{path} not found: run the export first (npm run train -- public)")
    ds = read_dataset(path)
    unknown = [c for c in args.exclude if c not in ds.features]
    if unknown:
        raise SystemExit(f"--exclude names columns the table does not have: {', '.join(unknown)}")
    train, test = read_split(Path(args.split_file), ds)
    keep = [f for f in ds.features if f not in args.exclude]
    if args.drop_constant:
        def varies(col: np.ndarray) -> bool:
            seen = col[~np.isnan(col)]
            return seen.size > 0 and (seen.size < col.size or bool((seen != seen[0]).any()))
        keep = [f for f in keep if varies(ds.X[train, ds.features.index(f)])]
    ds = select_features(ds, keep)
    params, selection = (select_params(ds, train) if args.select_params else (BASE_PARAMS, ""))
    spec = ModelSpec(args.model, args.version, args.role, review_rate=args.review_rate, alert_rate=args.alert_rate, params=params)
    description = ds.meta.get("description", args.model) + (f"; {args.note}" if args.note else "")
    split_text = ds.meta.get("split", "documented split") + f" ({len(train)} train / {len(test)} test rows){selection}"
    report(spec, train_one(spec, ds, Path(args.out), ExplicitSplit(train, test, split_text[:512]), description[:512]))


def select_params(ds: Dataset, train: np.ndarray) -> tuple[dict, str]:
    """The candidate with the best AUC on the latest training rows (table order) after fitting on the earlier ones."""
    inner = np.sort(train)
    cut = int(len(inner) * (1 - INNER_VALIDATION_SHARE))
    fit, valid = inner[:cut], inner[cut:]
    if not (0 < ds.y[valid].sum() < len(valid)) or ds.y[fit].sum() == 0:
        return BASE_PARAMS, "; default hyper-parameters (the inner validation part has one class)"
    scores = []
    for params in PARAM_CANDIDATES:
        model = HistGradientBoostingClassifier(**params).fit(ds.X[fit], ds.y[fit])
        scores.append(roc_auc_score(ds.y[valid], model.predict_proba(ds.X[valid])[:, 1]))
    best = int(np.argmax(scores))
    tried = ", ".join(f"{a:.4f}" for a in scores)
    return PARAM_CANDIDATES[best], f"; hyper-parameters: candidate {best + 1} of {len(PARAM_CANDIDATES)} by AUC on the latest 20% of training rows ({tried})"


def report(spec: ModelSpec, manifest: dict) -> None:
    m = manifest["metrics"]
    t = manifest["thresholds"]
    precision = lambda k: f"{m[k]:.3f}" if k in m else "n/a"  # noqa: E731
    print(
        f"{spec.name} {spec.version} ({spec.role}): test AUC {m['auc']:.4f} (95% CI {m['aucLow95']:.3f}-{m['aucHigh95']:.3f}), "
        f"average precision {m['averagePrecision']:.4f}, Brier {m['brier']:.5f}, "
        f"{m['testRows']} test rows / {m['testPositives']} positives (train {m['trainRows']} / {m['trainPositives']}); "
        f"review >= {t['review']:.4g}: precision {precision('precisionAtReview')}, recall {m['recallAtReview']:.3f}; "
        f"alert >= {t['alert']:.4g}: precision {precision('precisionAtAlert')}, recall {m['recallAtAlert']:.3f}"
        + (f"; performing loans only: AUC {m['aucPerforming']:.4f}, average precision {m['averagePrecisionPerforming']:.4f}, "
           f"{m['performingTestRows']} rows / {m['performingTestPositives']} positives" if "aucPerforming" in m else ""),
    )


if __name__ == "__main__":
    main()
