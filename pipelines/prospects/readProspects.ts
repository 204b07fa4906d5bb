/**
 * Reads the current prospect list from the `prospects` table (FINAL: the latest row of each
 * enterprise), best first. Used by `fengkong prospects` and the evaluation.
 */
import type { ProspectReason } from '../../prospects/reasons.ts';
import type { ClickHouseClient } from '../clickhouse/types.ts';
import { PROSPECTS_TABLE } from './rows.ts';

export interface ProspectListRow {
  readonly enterpriseId: string;
  readonly name: string;
  readonly industryCode: string;
  readonly eligible: boolean;
  readonly score: number;
  readonly product: string;
  readonly indicativeLimit: number;
  readonly growth: number | null;
  readonly forecastFrom: string;
  readonly forecastTo: string;
  readonly forecastMedian: number | null;
  readonly forecastLower: number | null;
  readonly forecastUpper: number | null;
  readonly graphRisk: number | null;
  readonly bureauScore: number | null;
  readonly exclusionCodes: readonly string[];
  readonly reasons: readonly ProspectReason[];
  readonly asOf: string;
}

interface Raw {
  enterprise_id: string;
  enterprise_name: string;
  industry_code: string;
  eligible: boolean | number;
  score: number;
  product: string;
  indicative_limit: number | string;
  growth: number | null;
  forecast_from: string;
  forecast_to: string;
  forecast_median: number | string | null;
  forecast_lower: number | string | null;
  forecast_upper: number | string | null;
  graph_risk: number | null;
  bureau_score: number | null;
  exclusion_codes: string[];
  reasons: string;
  as_of: string;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

function parseReasons(text: string): ProspectReason[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? (value as ProspectReason[]) : [];
  } catch {
    return [];
  }
}

const COLUMNS = `enterprise_id, enterprise_name, industry_code, eligible, score, product, toFloat64(indicative_limit) AS indicative_limit, growth,
  forecast_from, forecast_to, toFloat64(forecast_median) AS forecast_median, toFloat64(forecast_lower) AS forecast_lower,
  toFloat64(forecast_upper) AS forecast_upper, graph_risk, bureau_score, exclusion_codes, reasons, toString(as_of) AS as_of`;

function toRow(r: Raw): ProspectListRow {
  return {
    enterpriseId: r.enterprise_id,
    name: r.enterprise_name,
    industryCode: r.industry_code,
    eligible: r.eligible === true || r.eligible === 1,
    score: Number(r.score),
    product: r.product,
    indicativeLimit: Number(r.indicative_limit),
    growth: r.growth === null ? null : Number(r.growth),
    forecastFrom: r.forecast_from,
    forecastTo: r.forecast_to,
    forecastMedian: num(r.forecast_median),
    forecastLower: num(r.forecast_lower),
    forecastUpper: num(r.forecast_upper),
    graphRisk: r.graph_risk === null ? null : Number(r.graph_risk),
    bureauScore: r.bureau_score === null ? null : Number(r.bureau_score),
    exclusionCodes: r.exclusion_codes,
    reasons: parseReasons(r.reasons),
    asOf: r.as_of,
  };
}

/** The best `top` eligible enterprises (optionally of one product), by score then id. */
export async function topProspects(client: ClickHouseClient, options: { readonly top: number; readonly product?: string }): Promise<ProspectListRow[]> {
  const rows = await client.query<Raw>(
    `SELECT ${COLUMNS} FROM ${PROSPECTS_TABLE} FINAL
     WHERE eligible ${options.product ? 'AND product = {product:String}' : ''}
     ORDER BY score DESC, enterprise_id
     LIMIT {top:UInt32}`,
    { top: options.top, ...(options.product ? { product: options.product } : {}) },
  );
  return rows.map(toRow);
}

/** One enterprise's current row, eligible or not; null when unknown. */
export async function prospectOf(client: ClickHouseClient, enterpriseId: string): Promise<ProspectListRow | null> {
  const rows = await client.query<Raw>(`SELECT ${COLUMNS} FROM ${PROSPECTS_TABLE} FINAL WHERE enterprise_id = {id:String}`, { id: enterpriseId });
  return rows[0] ? toRow(rows[0]) : null;
}

/** Enterprises evaluated and how many are on the list. */
export async function prospectCounts(client: ClickHouseClient): Promise<{ enterprises: number; eligible: number }> {
  const [row] = await client.query<{ enterprises: number | string; eligible: number | string }>(
    `SELECT count() AS enterprises, countIf(eligible) AS eligible FROM ${PROSPECTS_TABLE} FINAL`,
  );
  return { enterprises: Number(row?.enterprises ?? 0), eligible: Number(row?.eligible ?? 0) };
}
