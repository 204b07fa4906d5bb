/** Feature names the early-warning signals read, as named in the feature registry (features/registry.ts). */
export const WARNING_FEATURES = {
  /** Money in over the last 7 days, CNY. */
  inflow7d: 'enterprise.inflow_sum_7d',
  /** Money in over the last 30 days, CNY (baseline fallback when the trend is 0). */
  inflow30d: 'enterprise.inflow_sum_30d',
  /** 7-day inflow ÷ weekly average inflow of the 83 days before; null without a baseline. */
  inflowTrend: 'enterprise.inflow_trend_7d_90d',
} as const;
