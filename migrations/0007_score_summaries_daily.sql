-- Daily score summaries by ClickHouse, for the model-monitoring and volume dashboards:
-- * model_scores_daily: per model, version and role (champion/challenger), the number of
--   distinct scores, how many failed, and the score distribution;
-- * scores_daily: per input topic and status, the distinct scores and risk-score
--   distribution (the denominator of rule hit rates).
-- Counts are distinct score ids (exact under redelivery); sums and quantiles weigh a
-- redelivered score twice only if its copies went in different batches (rare, small).
-- Read, e.g.:
--   SELECT day, model, version, uniqExactMerge(scores) AS scores, sum(errors) AS errors,
--          sum(score_sum) / sum(scored) AS mean_score,
--          quantilesTDigestMerge(0.5, 0.9, 0.99)(score_quantiles) AS p50_p90_p99
--   FROM model_scores_daily GROUP BY day, model, version ORDER BY day
CREATE TABLE IF NOT EXISTS model_scores_daily
(
    day             Date,
    topic           LowCardinality(String),
    model           LowCardinality(String),
    version         LowCardinality(String),
    role            LowCardinality(String),
    scores          AggregateFunction(uniqExact, UInt64),
    scored          SimpleAggregateFunction(sum, UInt64) COMMENT 'Rows with a score (status ok)',
    errors          SimpleAggregateFunction(sum, UInt64),
    score_sum       SimpleAggregateFunction(sum, Float64),
    score_quantiles AggregateFunction(quantilesTDigest(0.5, 0.9, 0.99), Nullable(Float64))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (topic, model, version, role, day)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS model_scores_daily_mv TO model_scores_daily AS
SELECT
    toDate(event_time, 'Asia/Shanghai') AS day,
    topic,
    m.model AS model,
    m.version AS version,
    m.role AS role,
    uniqExactState(cityHash64(score_id)) AS scores,
    toUInt64(countIf(m.score IS NOT NULL)) AS scored,
    toUInt64(countIf(m.status = 'error')) AS errors,
    sum(ifNull(m.score, 0)) AS score_sum,
    quantilesTDigestState(0.5, 0.9, 0.99)(m.score) AS score_quantiles
FROM scores
ARRAY JOIN models AS m
GROUP BY day, topic, model, version, role;

CREATE TABLE IF NOT EXISTS scores_daily
(
    day         Date,
    topic       LowCardinality(String),
    status      LowCardinality(String),
    scores      AggregateFunction(uniqExact, UInt64),
    risk_sum    SimpleAggregateFunction(sum, Float64),
    rows        SimpleAggregateFunction(sum, UInt64),
    risk_quantiles AggregateFunction(quantilesTDigest(0.5, 0.9, 0.99), Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (topic, status, day)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS scores_daily_mv TO scores_daily AS
SELECT
    toDate(event_time, 'Asia/Shanghai') AS day,
    topic,
    status,
    uniqExactState(cityHash64(score_id)) AS scores,
    sum(risk_score) AS risk_sum,
    toUInt64(count()) AS rows,
    quantilesTDigestState(0.5, 0.9, 0.99)(risk_score) AS risk_quantiles
FROM scores
GROUP BY day, topic, status;
