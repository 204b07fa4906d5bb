/**
 * Model monitoring, for model owners: score and feature drift (PSI) per day, discrimination
 * (AUC, KS) and calibration on matured labels per model version and month of decision, and
 * champion against challenger. Labels come from model_score_outcomes
 * (migrations/0008_feedback_views.sql): only 'bad' and 'good' rows count, never immature ones.
 *
 * PSI (population stability index) = Σ (a − e) · ln(a / e) over bins, a and e the shares of the
 * day and of the reference (the first 14 days of the range) in each bin, each count smoothed by
 * +0.5 so an empty bin does not divide by zero. Scores use ten fixed bins of [0, 1]; features
 * use the reference's deciles. Usual reading: < 0.1 stable, 0.1–0.25 watch, > 0.25 shifted.
 */
import { inVariable, macro } from '../clickhouse.ts';
import type { DashboardSpec } from '../dashboard.ts';
import { barChart, table, timeSeries } from '../panels.ts';

const MODEL = inVariable('model', 'model');
const MODEL_M = inVariable('m.model', 'model');
const REFERENCE_END = `${macro.fromTime} + INTERVAL 14 DAY`;
const TEN_BINS = (bin: string): string => `sumForEach(arrayMap(i -> toUInt64(i = ${bin}), range(10)))`;
const SCORE_BIN = 'least(toUInt8(floor(assumeNotNull(m.score) * 10)), 9)';
/** PSI of two count arrays of the same bins (+0.5 smoothing per bin). */
const PSI = (actual: string, expected: string): string =>
  `arraySum(arrayMap((a, e) -> (a - e) * log(a / e), arrayMap(x -> (x + 0.5) / (arraySum(${actual}) + 0.5 * length(${actual})), ${actual}), arrayMap(x -> (x + 0.5) / (arraySum(${expected}) + 0.5 * length(${expected})), ${expected})))`;
/** Rows with a matured label of the selected models in the range. */
const LABELLED = `FROM model_score_outcomes WHERE ${macro.timeFilter('event_time')} AND label IN ('bad', 'good') AND ${MODEL}`;
const BAD = "toUInt8(label = 'bad')";
/** KS: the largest gap between the cumulative score distributions of bads and goods. */
const KS = `if(countIf(label = 'bad') = 0 OR countIf(label = 'good') = 0, NULL,
       arrayMax(arrayMap((cb, cg) -> abs(cb / countIf(label = 'bad') - cg / countIf(label = 'good')),
         arrayCumSum(arrayMap(x -> x.2, arraySort(x -> x.1, groupArray((score, ${BAD}))))),
         arrayCumSum(arrayMap(x -> 1 - x.2, arraySort(x -> x.1, groupArray((score, ${BAD}))))))))`;
const AUC = `if(countIf(label = 'bad') = 0 OR countIf(label = 'good') = 0, NULL, arrayAUC(groupArray(score), groupArray(${BAD})))`;
const SERIES = "concat(model, ' ', version, ' (', role, ')')";

export const modelMonitoring: DashboardSpec = {
  uid: 'fengkong-model-monitoring',
  title: 'Fengkong · Model monitoring',
  description: 'Score and feature drift (PSI), AUC, KS and calibration on matured labels per model version and month of decision, champion vs. challenger.',
  tags: ['models', 'monitoring'],
  from: 'now-180d',
  refresh: '1h',
  variables: ['model'],
  rows: [
    {
      title: 'Drift',
      panels: [
        timeSeries({
          title: 'Score PSI per day',
          description: 'Population stability of each model version\'s scores per day against the first 14 days of the range (ten fixed bins of [0, 1]). < 0.1 stable, 0.1-0.25 watch, > 0.25 shifted.',
          interval: '1d',
          span: 12,
          decimals: 3,
          sql: `
            SELECT toDateTime(d.day) AS time, concat(d.model, ' ', d.version, ' (', d.role, ')') AS series, ${PSI('d.counts', 'r.counts')} AS psi
            FROM
            (
                SELECT toDate(event_time) AS day, m.model AS model, m.version AS version, m.role AS role, ${TEN_BINS(SCORE_BIN)} AS counts
                FROM scores FINAL
                ARRAY JOIN models AS m
                WHERE ${macro.timeFilter('event_time')} AND m.score IS NOT NULL AND ${MODEL_M}
                GROUP BY day, model, version, role
            ) AS d
            INNER JOIN
            (
                SELECT m.model AS model, m.version AS version, ${TEN_BINS(SCORE_BIN)} AS counts
                FROM scores FINAL
                ARRAY JOIN models AS m
                WHERE event_time >= ${macro.fromTime} AND event_time < ${REFERENCE_END} AND m.score IS NOT NULL AND ${MODEL_M}
                GROUP BY model, version
            ) AS r ON r.model = d.model AND r.version = d.version
            ORDER BY time`,
        }),
        timeSeries({
          title: 'Feature PSI per day (top 10 drifting)',
          description: 'Population stability of each feature of the selected models\' topics per day against the first 14 days of the range, binned at the reference deciles; the ten features with the highest PSI.',
          interval: '1d',
          span: 12,
          decimals: 3,
          sql: `
            WITH
                vals AS
                (
                    SELECT toDate(event_time) AS day, event_time < ${REFERENCE_END} AS is_reference, k AS feature, assumeNotNull(v) AS value
                    FROM scores FINAL
                    ARRAY JOIN mapKeys(features) AS k, mapValues(features) AS v
                    WHERE ${macro.timeFilter('event_time')} AND v IS NOT NULL
                      AND topic IN (SELECT DISTINCT topic FROM model_scores_daily WHERE ${MODEL})
                ),
                edges AS
                (
                    SELECT feature, arrayDistinct(quantilesExact(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)(value)) AS e
                    FROM vals WHERE is_reference GROUP BY feature
                ),
                binned AS
                (
                    SELECT v.day AS day, v.is_reference AS is_reference, v.feature AS feature, toUInt8(arrayCount(x -> v.value > x, ed.e)) AS bin
                    FROM vals AS v INNER JOIN edges AS ed ON ed.feature = v.feature
                ),
                psi AS
                (
                    SELECT toDateTime(d.day) AS time, d.feature AS feature, ${PSI('d.counts', 'r.counts')} AS psi
                    FROM (SELECT day, feature, ${TEN_BINS('bin')} AS counts FROM binned GROUP BY day, feature) AS d
                    INNER JOIN (SELECT feature, ${TEN_BINS('bin')} AS counts FROM binned WHERE is_reference GROUP BY feature) AS r ON r.feature = d.feature
                )
            SELECT time, feature, psi
            FROM psi
            WHERE feature IN (SELECT feature FROM psi GROUP BY feature ORDER BY max(psi) DESC LIMIT 10)
            ORDER BY time`,
        }),
        timeSeries({
          title: 'Scores and errors per day',
          description: 'Distinct scores per model version and role per day, and failed model runs (model_scores_daily).',
          interval: '1d',
          span: 12,
          sql: `
            SELECT toDateTime(day) AS time, concat(model, ' ', version, ' (', role, ')') AS series, uniqExactMerge(scores) AS scores
            FROM model_scores_daily
            WHERE ${macro.dateFilter('day')} AND ${MODEL}
            GROUP BY day, series
            ORDER BY time`,
        }),
        timeSeries({
          title: 'Model errors per day',
          description: 'Model runs that failed per day (the score was made without the model: status degraded).',
          interval: '1d',
          bars: true,
          span: 12,
          sql: `
            SELECT toDateTime(day) AS time, concat(model, ' ', version, ' (', role, ')') AS series, sum(errors) AS errors
            FROM model_scores_daily
            WHERE ${macro.dateFilter('day')} AND ${MODEL}
            GROUP BY day, series
            ORDER BY time`,
        }),
      ],
    },
    {
      title: 'Performance on matured labels',
      panels: [
        timeSeries({
          title: 'AUC by month of decision: champion vs. challenger',
          description: 'Area under the ROC curve of each model version on rows whose label has matured (bad, or good after the model\'s window), by month of the scored event.',
          interval: '1d',
          span: 12,
          decimals: 3,
          sql: `
            SELECT toDateTime(decision_month) AS time, ${SERIES} AS series, ${AUC} AS auc
            ${LABELLED}
            GROUP BY decision_month, model, version, role
            ORDER BY time`,
        }),
        timeSeries({
          title: 'KS by month of decision',
          description: 'Kolmogorov-Smirnov statistic (largest gap between the cumulative score distributions of bads and goods) per model version and month, matured labels only.',
          interval: '1d',
          span: 12,
          decimals: 3,
          sql: `
            SELECT toDateTime(decision_month) AS time, ${SERIES} AS series, ${KS} AS ks
            ${LABELLED}
            GROUP BY decision_month, model, version, role
            ORDER BY time`,
        }),
        table({
          title: 'Model performance per version and month',
          description: 'Per model version and month of decision, matured rows only: rows, bads, observed bad rate against mean predicted score (calibration in the large), AUC and KS.',
          span: 24,
          height: 9,
          sql: `
            SELECT formatDateTime(decision_month, '%Y-%m') AS month, model, version, role, count() AS labelled, sum(${BAD}) AS bads,
                   avg(${BAD}) AS observed_bad_rate, avg(score) AS mean_predicted, ${AUC} AS auc, ${KS} AS ks
            ${LABELLED}
            GROUP BY decision_month, model, version, role
            ORDER BY decision_month DESC, model, version`,
        }),
        barChart({
          title: 'Calibration of the champions',
          description: 'Mean predicted score against the observed bad rate per score bin (tenths of [0, 1]) of each champion, matured labels only. A calibrated model has the two bars equal.',
          xField: 'score_bin',
          span: 12,
          sql: `
            SELECT concat(model, ' ', toString(bin / 10), '-', toString((bin + 1) / 10)) AS score_bin, avg(score) AS predicted, avg(${BAD}) AS observed
            ${LABELLED} AND role = 'champion'
            GROUP BY model, least(toUInt8(floor(score * 10)), 9) AS bin
            ORDER BY model, bin`,
        }),
        timeSeries({
          title: 'Label maturity by month of decision',
          description: 'Scored rows of the selected models by label state: bad, good (window elapsed without the label), immature (neither yet). Recent months are mostly immature.',
          interval: '1d',
          bars: true,
          stacked: true,
          span: 12,
          sql: `
            SELECT toDateTime(decision_month) AS time, label, count() AS rows
            FROM model_score_outcomes
            WHERE ${macro.timeFilter('event_time')} AND ${MODEL} AND label != 'untargeted'
            GROUP BY time, label
            ORDER BY time`,
        }),
        timeSeries({
          title: 'Champion vs. challenger: mean score per day',
          description: 'Mean score per day of each model version on the events it scored. A challenger is shadow-scored on the same events as its champion, so the two lines of a model compare like for like; a model without a challenger shows its champion alone.',
          interval: '1d',
          span: 24,
          decimals: 3,
          sql: `
            SELECT ${macro.timeInterval('event_time')} AS time, concat(m.model, ' ', m.version, ' (', m.role, ')') AS series, avg(m.score) AS mean_score
            FROM scores FINAL
            ARRAY JOIN models AS m
            WHERE ${macro.timeFilter('event_time')} AND m.score IS NOT NULL AND ${MODEL_M}
            GROUP BY time, series
            ORDER BY time`,
        }),
      ],
    },
  ],
};
