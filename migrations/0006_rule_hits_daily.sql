-- Per-rule hit counts per day, maintained by ClickHouse from every insert into scores (the
-- service never computes them). Days are Beijing calendar days (Asia/Shanghai), the bank's.
--
-- `hits` counts distinct scores (uniqExact over a hash of score_id), so a score inserted
-- twice after a crash is still one hit even when its two copies went in different batches;
-- `points` is a plain sum, exact unless such a redelivery happened (the insert token stops
-- retried batches from reaching the view at all). Read:
--   SELECT day, rule_id, rule_set_version, shadow, uniqExactMerge(hits) AS hits, sum(points) AS points
--   FROM rule_hits_daily WHERE day >= today() - 30 GROUP BY day, rule_id, rule_set_version, shadow
CREATE TABLE IF NOT EXISTS rule_hits_daily
(
    day              Date,
    topic            LowCardinality(String),
    rule_id          LowCardinality(String),
    rule_set_version LowCardinality(String),
    shadow           Bool,
    action           LowCardinality(String),
    severity         LowCardinality(String),
    hits             AggregateFunction(uniqExact, UInt64),
    points           SimpleAggregateFunction(sum, Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (topic, rule_id, rule_set_version, shadow, action, severity, day)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS rule_hits_daily_mv TO rule_hits_daily AS
SELECT
    toDate(event_time, 'Asia/Shanghai') AS day,
    topic,
    hit.rule_id AS rule_id,
    hit.rule_set_version AS rule_set_version,
    hit.shadow AS shadow,
    hit.action AS action,
    hit.severity AS severity,
    uniqExactState(cityHash64(score_id)) AS hits,
    sum(hit.points) AS points
FROM scores
ARRAY JOIN rule_hits AS hit
GROUP BY day, topic, rule_id, rule_set_version, shadow, action, severity;
