/**
 * Where the public labelled data sets live: `../shared/data` beside the checkout (also in CI).
 * They are not ours and are never copied into the repository; read every PROVENANCE.md there.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the repository (this file is importers/publicData.ts). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** `../shared/data` relative to the repository root. */
export const PUBLIC_DATA_DIR = resolve(REPO_ROOT, '..', 'shared', 'data');

/** The files as shipped, by the name the docs and the evaluation use. */
export const PUBLIC_FILES = {
  /** PaySim, first 19,999 rows of the log (steps 1-8, time-ordered, natural fraud rate): for replay. */
  paysimHead: join(PUBLIC_DATA_DIR, 'paysim', 'PS_log_head19999.csv.xz'),
  /** PaySim, fraud-enriched random sample of 51,392 rows (steps 1-119, not time-ordered): for model evaluation. */
  paysimSample: join(PUBLIC_DATA_DIR, 'paysim', 'paysim_sample_51392.csv.xz'),
  /** SBA national, first 22,427 rows in loan-number order. */
  sbaNational: join(PUBLIC_DATA_DIR, 'sba', 'SBAnational.csv.xz'),
  /** SBA case study (Li, Mickel & Taylor 2018), 2,101 rows with the paper's `Selected` split. */
  sbaCase: join(PUBLIC_DATA_DIR, 'sba', 'SBAcase.11.13.17.csv'),
  /** UCI default of credit card clients, 30,000 rows, CR line endings. */
  uciCredit: join(PUBLIC_DATA_DIR, 'uci-credit-default', 'UCI_Credit_Card.csv.xz'),
} as const;
