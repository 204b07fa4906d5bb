/**
 * Training data from the feedback loop: every event a model scored in [from, to) whose label
 * has matured, with the point-in-time features the scorer saw (the score's own feature
 * snapshot, never recomputed later, so no future data leaks in) and the label of the model's
 * target (model_targets: bad = the label happened within the window, good = the window passed
 * without it). Immature rows are left out and counted.
 *
 * CSV layout as training/train.py reads it: `row_id,event_time,label,<features>`, features in
 * name order, a missing or unknown feature as an empty cell.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { ClickHouseClient } from '../pipelines/clickhouse/types.ts';
import { FengkongError } from '../lib/errors.ts';
import { chTime } from './time.ts';

export interface ExportTrainingOptions {
  readonly model: string;
  readonly from: Date;
  readonly to: Date;
  readonly out: string;
  /** Only these feature columns, in this order (default: every feature seen, by name). */
  readonly features?: readonly string[];
}

export interface ExportTrainingResult {
  readonly file: string;
  readonly rows: number;
  readonly bads: number;
  readonly goods: number;
  /** Scored rows left out because their label has not matured. */
  readonly immature: number;
  readonly features: readonly string[];
  readonly labelKind: string;
  readonly windowDays: number;
}

interface Row {
  row_id: string;
  event_time_text: string;
  label: number;
  features: Record<string, number | null>;
}

const cell = (v: number | null | undefined): string => (typeof v === 'number' && Number.isFinite(v) ? String(v) : '');
const isoOf = (chTimeText: string): string => `${chTimeText.replace(' ', 'T')}Z`;

/** Writes the CSV; throws a FengkongError saying what to do when the model has no target or no rows. */
export async function exportTraining(client: ClickHouseClient, o: ExportTrainingOptions): Promise<ExportTrainingResult> {
  if (!o.out.endsWith('.csv')) throw new FengkongError('fengkong:bad-option', `--out ${o.out}: only CSV is written (train.py reads CSV); name the file <something>.csv`);
  const [target] = await client.query<{ label_kind: string; window_days: number }>(
    'SELECT argMax(label_kind, updated_at) AS label_kind, argMax(window_days, updated_at) AS window_days FROM model_targets WHERE model = {model:String} GROUP BY model',
    { model: o.model },
  );
  if (!target) {
    const known = await client.query<{ model: string }>('SELECT DISTINCT model FROM model_targets ORDER BY model');
    throw new FengkongError('fengkong:unknown-model', `model ${o.model} has no target in model_targets (known: ${known.map((k) => k.model).join(', ') || 'none'}); add one with INSERT INTO model_targets`);
  }
  const params = { model: o.model, from: chTime(o.from), to: chTime(o.to) };
  const range = "event_time >= {from:DateTime64(3, 'UTC')} AND event_time < {to:DateTime64(3, 'UTC')}";
  const [counts] = await client.query<{ immature: number }>(
    `SELECT countIf(label = 'immature') AS immature FROM model_score_outcomes WHERE model = {model:String} AND role = 'champion' AND ${range}`,
    params,
  );
  // One row per scored event: the champion's row (a challenger scores the same event).
  const rows = await client.query<Row>(
    `SELECT o.score_id AS row_id, toString(o.event_time) AS event_time_text, toUInt8(o.label = 'bad') AS label, s.features AS features
     FROM model_score_outcomes AS o
     INNER JOIN (SELECT score_id, features FROM scores FINAL WHERE ${range}) AS s ON s.score_id = o.score_id
     WHERE o.model = {model:String} AND o.role = 'champion' AND o.label IN ('bad', 'good') AND o.${range}
     ORDER BY o.event_time, o.score_id`,
    params,
  );
  const features = o.features ? [...o.features] : [...new Set(rows.flatMap((r) => Object.keys(r.features)))].sort();
  const out = createWriteStream(o.out);
  const write = async (line: string): Promise<void> => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(`row_id,event_time,label${features.map((f) => `,${/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f}`).join('')}\n`);
  let bads = 0;
  for (const r of rows) {
    bads += r.label;
    await write(`${r.row_id},${isoOf(r.event_time_text)},${r.label}${features.map((f) => `,${cell(r.features[f])}`).join('')}\n`);
  }
  out.end();
  await finished(out);
  return { file: o.out, rows: rows.length, bads, goods: rows.length - bads, immature: counts?.immature ?? 0, features, labelKind: target.label_kind, windowDays: target.window_days };
}
