#!/usr/bin/python3
"""
Direct-column diagnostic for the public data sets (issue 10, part 3 preparation).

NOT the figures of record: those come from `npm run eval -- public`, which reads the scores the
pipeline wrote to ClickHouse. This script answers a narrower question before the pipeline path
exists: how far can a model get from exactly the fields the importers carry (it reads the
importers' JSONL output, never the raw CSV columns, so nothing the importer leaves out — SBA
ChgOffDate/ChgOffPrinGr, PaySim isFlaggedFraud and destination balances, UCI SEX/EDUCATION/
MARRIAGE/AGE — can leak in), on the documented splits (docs/public-data.md):

  PaySim head, SBA national   by event time, earliest 70% of rows train, the rest test
  SBAcase                     the paper's `Selected` (1 = train, 0 = test), read from the CSV
  UCI                         first 70% of clients (file order) train

Usage (Debian's python3 with python3-sklearn):
  /usr/bin/python3 training/public/direct_baseline.py --paysim DIR --sba DIR --sbacase DIR \
      --sbacase-csv ../shared/data/sba/SBAcase.11.13.17.csv --uci DIR
where each DIR is the --out of `fengkong import`. Prints `name value` lines.
"""
from __future__ import annotations

import os

os.environ["OMP_NUM_THREADS"] = "1"

import argparse
import csv
import json
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

TRAIN_SHARE = 0.7
SEED = 20260417


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def time_split(times: list[str]) -> np.ndarray:
    """True for the earliest 70% of rows by event time (ties by file order)."""
    order = sorted(range(len(times)), key=lambda i: (times[i], i))
    train = np.zeros(len(times), dtype=bool)
    train[order[: int(len(times) * TRAIN_SHARE)]] = True
    return train


def fit_auc(x: np.ndarray, y: np.ndarray, train: np.ndarray, categorical: list[int] | None = None) -> tuple[float, np.ndarray]:
    mask = np.zeros(x.shape[1], dtype=bool)
    if categorical:
        mask[categorical] = True
    model = HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05, max_leaf_nodes=31, l2_regularization=1.0,
                                           categorical_features=mask if categorical else None, random_state=SEED)
    model.fit(x[train], y[train])
    p = model.predict_proba(x[~train])[:, 1]
    return float(roc_auc_score(y[~train], p)), p


def recall_at_alerted(y: np.ndarray, p: np.ndarray, share: float, legit_weight: float = 1.0) -> float:
    """Share of frauds among the top `share` of rows by score. With legit_weight w, each legitimate
    row stands for w rows of the natural population (a fraud-enriched sample), so the alert budget
    is share x (frauds + w x legit) rows of the population, i.e. that many top-scored sample rows
    where a legitimate row uses up w of the budget."""
    order = np.argsort(-p, kind="stable")
    budget = share * (y.sum() + legit_weight * (len(y) - y.sum()))
    used, caught = 0.0, 0
    for i in order:
        used += 1.0 if y[i] == 1 else legit_weight
        if used > budget:
            break
        caught += int(y[i])
    return float(caught / max(1, y.sum()))


TYPES = ["PAYMENT", "TRANSFER", "CASH_OUT", "CASH_IN", "DEBIT"]


# The fraud-enriched sample keeps 1,615 legitimate rows of steps 1-8, where the contiguous head file
# has 19,918: about 8.1% of legitimate rows were sampled (assuming uniform sampling over steps,
# which the uploader did not document). Each sampled legitimate row stands for ~12.3 real ones.
PAYSIM_SAMPLE_LEGIT_WEIGHT = 19_918 / 1_615


def paysim(directory: Path, legit_weight: float = 1.0) -> dict[str, float]:
    txns = read_jsonl(directory / "transactions.jsonl")
    fraud = {l["refEventId"] for l in read_jsonl(directory / "labels.jsonl") if l["kind"] == "fraud_confirmed"}
    rows = []
    for t in txns:
        before, after, amount = t.get("balanceBefore", np.nan), t["balanceAfter"], t["amount"]
        signed = -amount if t["direction"] == "out" else amount
        rows.append([amount, before, after, before + signed - after, float(t["direction"] == "out")]
                    + [float(t.get("originalType") == k) for k in TYPES])
    x = np.array(rows, dtype=float)
    y = np.array([t["eventId"] in fraud for t in txns], dtype=int)
    train = time_split([t["eventTime"] for t in txns])
    auc, p = fit_auc(x, y, train)
    return {"paysim.txn_fraud.auc": auc, "paysim.txn_fraud.recall_at_1pct_alerted": recall_at_alerted(y[~train], p, 0.01, legit_weight),
            "paysim.test_rows": float((~train).sum()), "paysim.test_frauds": float(y[~train].sum())}


def sba_matrix(apps: list[dict], with_term: bool) -> tuple[np.ndarray, list[int]]:
    states = sorted({a.get("enterprise", {}).get("region", "") for a in apps})
    state_code = {s: i for i, s in enumerate(states)}
    rows = []
    for a in apps:
        e = a.get("enterprise", {})
        industry = e.get("industryCode")
        urban = {"urban": 1.0, "rural": 2.0, "unknown": 0.0}.get(e.get("urbanRural", ""), np.nan)
        row = [a["requestedAmount"], float(e.get("employees", np.nan)), float(e.get("isNewBusiness", np.nan)) if "isNewBusiness" in e else np.nan,
               float(e.get("isFranchise", np.nan)) if "isFranchise" in e else np.nan, urban,
               float(a["product"] == "working_capital"),
               float(int(industry[:2])) if industry else np.nan,
               float(state_code[e.get("region", "")] % 250)]
        if with_term:
            row.append(float(a["requestedTermMonths"]))
        rows.append(row)
    # Sector (6) and state (7) are categories.
    return np.array(rows, dtype=float), [7]


def sba(directory: Path, prefix: str, train: np.ndarray | None = None, apps: list[dict] | None = None) -> dict[str, float]:
    apps = apps if apps is not None else read_jsonl(directory / "applications.jsonl")
    defaults = {l["applicationId"] for l in read_jsonl(directory / "labels.jsonl") if l["kind"] == "default"}
    y = np.array([a["applicationId"] in defaults for a in apps], dtype=int)
    split = train if train is not None else time_split([a["eventTime"] for a in apps])
    out = {}
    x, cat = sba_matrix(apps, with_term=True)
    out[f"{prefix}.default.auc"], _ = fit_auc(x, y, split, cat)
    x, cat = sba_matrix(apps, with_term=False)
    out[f"{prefix}.default.auc_without_term"], _ = fit_auc(x, y, split, cat)
    term = np.array([a["requestedTermMonths"] for a in apps], dtype=float)
    out[f"{prefix}.default.auc_term_alone"] = float(roc_auc_score(y[~split], -term[~split]))
    out[f"{prefix}.test_rows"] = float((~split).sum())
    return out


def sbacase(directory: Path, csv_path: Path) -> dict[str, float]:
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        selected = {r["LoanNr_ChkDgt"]: r["Selected"] for r in csv.DictReader(f)}
    apps = read_jsonl(directory / "applications.jsonl")
    train = np.array([selected.get(a["applicationId"].rsplit(":", 1)[-1]) == "1" for a in apps])
    return sba(directory, "sbacase", train, apps)


UCI_KINDS = {"dpd_update": -2.0, "paid": -1.0, "partial": 0.0, "missed": 1.0}


def uci(directory: Path) -> dict[str, float]:
    loans: dict[str, dict] = {}
    for e in read_jsonl(directory / "repayments.jsonl"):
        loan = loans.setdefault(e["loanId"], {"months": []})
        if e["kind"] == "loan_opened":
            loan["limit"] = e["principal"]
        else:
            loan["months"].append(e)
    defaults = {l["loanId"] for l in read_jsonl(directory / "labels.jsonl") if l["kind"] == "default"}
    ids = list(loans)  # file order = client order
    rows = []
    for i in ids:
        months = sorted(loans[i]["months"], key=lambda m: m["eventTime"])
        row = [loans[i].get("limit", np.nan)]
        for m in months:
            row += [UCI_KINDS[m["kind"]], m["daysPastDue"], m.get("amountDue", np.nan), m.get("amountPaid", np.nan)]
        rows.append(row)
    x = np.array(rows, dtype=float)
    y = np.array([i in defaults for i in ids], dtype=int)
    train = np.zeros(len(ids), dtype=bool)
    train[: int(len(ids) * TRAIN_SHARE)] = True
    auc, _ = fit_auc(x, y, train)
    return {"uci.default.auc": auc, "uci.test_rows": float((~train).sum())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--paysim", type=Path)
    ap.add_argument("--paysim-sample", action="store_true",
                    help="--paysim is the fraud-enriched sample: weight legitimate rows back to the natural rate for recall at 1%% alerted")
    ap.add_argument("--sba", type=Path)
    ap.add_argument("--sbacase", type=Path)
    ap.add_argument("--sbacase-csv", type=Path)
    ap.add_argument("--uci", type=Path)
    args = ap.parse_args()
    results: dict[str, float] = {}
    if args.paysim:
        results |= paysim(args.paysim, PAYSIM_SAMPLE_LEGIT_WEIGHT if args.paysim_sample else 1.0)
    if args.sba:
        results |= sba(args.sba, "sba")
    if args.sbacase:
        if not args.sbacase_csv:
            ap.error("--sbacase needs --sbacase-csv for the paper's Selected split")
        results |= sbacase(args.sbacase, args.sbacase_csv)
    if args.uci:
        results |= uci(args.uci)
    for name, value in results.items():
        print(f"{name} {value:.4f}" if not name.endswith(("rows", "frauds")) else f"{name} {int(value)}")


if __name__ == "__main__":
    main()
