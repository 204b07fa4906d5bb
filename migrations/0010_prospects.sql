-- Prospect discovery (prospects/, written by pipelines/prospects/): one row per enterprise,
-- rewritten whenever its data change — a new invoice month, a listing, a lawsuit, a label, a
-- payment — and by the periodic sweep. ReplacingMergeTree(version) ordered by enterprise_id:
-- read with FINAL for the current list, e.g.
--   SELECT * FROM prospects FINAL WHERE eligible ORDER BY score DESC LIMIT 100
-- `version` grows with every write of the processor, so the latest evaluation wins however
-- parts merge; a batch re-sent after a crash carries the same versions and collapses.
-- No PARTITION BY: one row per enterprise, a small table read whole.
CREATE TABLE IF NOT EXISTS prospects
(
    enterprise_id         String,
    enterprise_name       String                 COMMENT 'Registered name (a company name, not personal data)',
    industry_code         LowCardinality(String) COMMENT 'GB/T 4754 code from the registry',
    eligible              Bool                   COMMENT 'On the prospect list: every eligibility check passed and a product fits',
    score                 Float64                COMMENT '0-100 = 100 x growth part x credit part (docs/prospects.md)',
    product               LowCardinality(String) COMMENT 'Recommended product, empty when not eligible',
    indicative_limit      Decimal(18, 2)         COMMENT 'CNY, 0 when not eligible',
    growth                Nullable(Float64)      COMMENT 'Annual log-growth of invoiced sales (Holt-Winters trend x 12)',
    growth_se             Nullable(Float64),
    conservative_growth   Nullable(Float64)      COMMENT 'growth - k x growth_se, what the ranking uses',
    invoice_months        UInt16,
    last_invoice_month    String                 COMMENT 'YYYY-MM, empty without invoices',
    annual_sales          Decimal(18, 2)         COMMENT 'Invoiced sales of the trailing twelve months, CNY',
    forecast_from         String                 COMMENT 'First month of the forecast quarter, YYYY-MM',
    forecast_to           String,
    forecast_median       Nullable(Decimal(18, 2)) COMMENT 'Point forecast of next-quarter sales, CNY',
    forecast_mean         Nullable(Decimal(18, 2)),
    forecast_lower        Nullable(Decimal(18, 2)),
    forecast_upper        Nullable(Decimal(18, 2)),
    forecast_level        Float32                COMMENT 'Probability of the forecast_lower..forecast_upper band',
    revenue_volatility    Nullable(Float64)      COMMENT 'One-step log forecast error sd',
    graph_risk            Nullable(Float64)      COMMENT 'Related-party risk spread; NULL when not computed (excluded before the graph was read)',
    graph_flagged_parties Nullable(UInt32),
    guarantee_circle      Bool,
    bureau_score          Nullable(UInt16),
    exclusion_codes       Array(LowCardinality(String)),
    reason_codes          Array(LowCardinality(String)),
    reasons               String                 COMMENT 'Reasons (code, en, zh, value) as JSON',
    policy_version        LowCardinality(String) COMMENT 'version of config/products.yaml',
    state                 String                 COMMENT 'Enterprise state the row was computed from (JSON, pseudonymised), reloaded on restart' CODEC(ZSTD(3)),
    as_of                 DateTime64(3, 'UTC')   COMMENT 'Event time the row reflects',
    version               UInt64                 COMMENT 'Write order of the processor; the highest wins under FINAL',
    updated_at            DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY enterprise_id
SETTINGS non_replicated_deduplication_window = 1000;
