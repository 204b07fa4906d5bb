/**
 * The documented train/test splits of the public data sets (docs/public-data.md §3), in one place
 * so the pipeline-path training, the evaluation and any diagnostic agree on them:
 *   - PaySim, SBA national: by event time, earliest 70% of rows train (ties keep input order);
 *   - SBAcase: the paper's `Selected` column (1 train, 0 test), read from the CSV by loan number;
 *   - UCI: first 70% of clients in file order train.
 * Also the columns that must never become features (the leakage guard).
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { DatasetName } from '../../importers/importer.ts';

export type Split = 'train' | 'test';
/** Share of rows that train. */
export const PUBLIC_TRAIN_SHARE = 0.7;

/** Source columns never used as features (outcome columns or leaks), per data set; none of them is imported. */
export const NEVER_FEATURES: Readonly<Record<DatasetName, readonly string[]>> = {
  // isFlaggedFraud is PaySim's own rule output; destination balances leak the outcome (PROVENANCE.md).
  paysim: ['isFraud', 'isFlaggedFraud', 'oldbalanceDest', 'newbalanceDest'],
  // Filled only after a default, or the label itself. Term is reported with and without (docs).
  sba: ['MIS_Status', 'ChgOffDate', 'ChgOffPrinGr', 'Default', 'BalanceGross', 'Selected'],
  // The label; SEX, EDUCATION, MARRIAGE and AGE are protected attributes.
  'uci-credit': ['default.payment.next.month', 'SEX', 'EDUCATION', 'MARRIAGE', 'AGE'],
};

/** Splits rows by time: the earliest `share` of rows (stable for equal times) train. */
export function timeSplit<T>(rows: readonly T[], timeOf: (row: T) => string, share = PUBLIC_TRAIN_SHARE): Split[] {
  const ms = rows.map((r) => Date.parse(timeOf(r)));
  const order = rows.map((_, i) => i).sort((a, b) => (ms[a] as number) - (ms[b] as number) || a - b);
  const out: Split[] = rows.map(() => 'test');
  for (const i of order.slice(0, Math.floor(rows.length * share))) out[i] = 'train';
  return out;
}

/** Splits rows by position: the first `share` of them train. */
export function orderSplit(count: number, share = PUBLIC_TRAIN_SHARE): Split[] {
  const cut = Math.floor(count * share);
  return Array.from({ length: count }, (_, i) => (i < cut ? 'train' : 'test'));
}

/** The paper's split of the SBA case study: loan number (LoanNr_ChkDgt) → train (Selected 1) or test (Selected 0). */
export async function sbaCaseSplit(file: string): Promise<Map<string, Split>> {
  const out = new Map<string, Split>();
  const parser = createReadStream(file).pipe(parse({ columns: true, bom: true }));
  for await (const row of parser as AsyncIterable<Record<string, string>>) {
    const selected = row.Selected?.trim();
    const loan = row.LoanNr_ChkDgt?.trim();
    if (loan && (selected === '1' || selected === '0')) out.set(loan, selected === '1' ? 'train' : 'test');
  }
  return out;
}
