/**
 * Every knob of the generating model, with its default. docs/simulator.md explains each one;
 * a test or evaluator can override any of them through `simulate({ params: { ... } })`.
 * Probabilities are per entity over the whole simulated horizon unless the name says per day/month.
 */

export interface ModelParams {
  // --- population ---
  /** Share of enterprises whose legal representative already heads another enterprise (serial entrepreneurs: related parties). */
  serialEntrepreneurShare: number;
  /** Share of enterprises with an enterprise (holding company) among their shareholders. */
  holdingShareholderShare: number;
  /** Share of persons whose spouse also runs an enterprise in the population (families share home address, IP, sometimes a device). */
  familyShare: number;
  /** Share of enterprises registered in a business centre shared with many others. */
  sharedOfficeShare: number;
  /** Share of enterprises in guarantee circles (A guarantees B guarantees C guarantees A). */
  guaranteeCircleShare: number;
  /** Share of enterprises with one plain (non-circular) guarantee. */
  guaranteePairShare: number;
  /** Growth-class mix: growing / stable / declining. */
  growthMix: readonly [number, number, number];
  /** Months of invoice history delivered before the start (at their real publication dates). */
  invoiceHistoryMonths: number;

  // --- bank relationship ---
  /** Share of enterprises with a loan on the book at the start (the back-book). */
  backBookShare: number;
  /** Share of non-borrowers holding an account with the bank (transactions visible before any application). */
  depositorShare: number;
  /** Legitimate applications per enterprise per day. */
  applicationRatePerDay: number;

  // --- fraud ---
  /** Fraud rings per 1,000 enterprises; each ring has 3-8 members applying for shell companies within a few weeks. */
  ringsPer1000: number;
  /** Bust-out enterprises per 1,000: clean payer, takes a large new loan, cashes it out and vanishes. */
  bustOutsPer1000: number;
  /** Impersonation (identity-theft) applications per 1,000 enterprises over 90 days. */
  identityFraudPer1000Per90d: number;
  /** Share of accounts hit by account-takeover outflows over 90 days. */
  accountTakeoverPer90d: number;

  // --- credit risk ---
  /** Monthly hazard of financial distress at average quality and stable growth (before multipliers). */
  distressMonthlyHazard: number;
  /** Hazard multiplier for declining enterprises (growing ones get its inverse square root). */
  decliningHazardMultiplier: number;
  /** Hazard multiplier for guarantee-circle members (contagion). */
  circleHazardMultiplier: number;
  /** Share of distressed borrowers that cure (pay the arrears) instead of reaching 90 days past due. */
  distressCureShare: number;
  /** Days between distress onset and the first missed installment: [min, max]. */
  leadDays: readonly [number, number];
  /** Probability of each pre-default signal for a distressed enterprise. */
  distressSignals: SignalProbabilities;
  /** Probability of each signal appearing as noise for a healthy enterprise (over 90 days). */
  healthySignals: SignalProbabilities;
  /** Share of healthy installments paid 1-20 days late (cured). */
  latePaymentShare: number;

  // --- labels ---
  /** Delay after reaching 90 days past due before the default label, days [min, max]. */
  defaultLabelDelayDays: readonly [number, number];
  /** Delay after the first missed installment before application/ring/bust-out fraud is confirmed, days. */
  fraudLabelDelayDays: readonly [number, number];
  /** Delay after a fraudulent transaction before the customer's complaint confirms it, days. */
  transactionFraudLabelDelayDays: readonly [number, number];
  /** Share of declined ring applications later confirmed as fraud by the ring investigation. */
  declinedRingConfirmShare: number;
  /** Share of legitimate look-alike events (night transfers, failed identity checks) later labelled false_positive. */
  falsePositiveLabelShare: number;
}

export interface SignalProbabilities {
  /** Customer inflows fall over the weeks before the due date. */
  inflowDecline: number;
  /** Balance moved out in the days before a due date. */
  balanceDrain: number;
  /** Outflows to shareholders, officers or their enterprises. */
  relatedTransfer: number;
  /** A lawsuit against the enterprise. */
  lawsuit: number;
  /** Dishonest-debtor or abnormal-operation listing of the enterprise or a shareholder. */
  listing: number;
  /** Bureau score drop. */
  bureauDrop: number;
  /** Tax arrears announcement. */
  taxArrears: number;
}

export const DEFAULT_PARAMS: ModelParams = {
  serialEntrepreneurShare: 0.22,
  holdingShareholderShare: 0.07,
  familyShare: 0.1,
  sharedOfficeShare: 0.12,
  guaranteeCircleShare: 0.03,
  guaranteePairShare: 0.06,
  growthMix: [0.3, 0.45, 0.25],
  invoiceHistoryMonths: 12,

  backBookShare: 0.45,
  depositorShare: 0.1,
  applicationRatePerDay: 0.0025,

  ringsPer1000: 6,
  bustOutsPer1000: 5,
  identityFraudPer1000Per90d: 4,
  accountTakeoverPer90d: 0.01,

  distressMonthlyHazard: 0.01,
  decliningHazardMultiplier: 2.5,
  circleHazardMultiplier: 2,
  distressCureShare: 0.25,
  leadDays: [14, 75],
  distressSignals: { inflowDecline: 0.75, balanceDrain: 0.6, relatedTransfer: 0.5, lawsuit: 0.35, listing: 0.3, bureauDrop: 0.55, taxArrears: 0.2 },
  healthySignals: { inflowDecline: 0.1, balanceDrain: 0.06, relatedTransfer: 0.1, lawsuit: 0.04, listing: 0.025, bureauDrop: 0.08, taxArrears: 0.015 },
  latePaymentShare: 0.03,

  defaultLabelDelayDays: [1, 10],
  fraudLabelDelayDays: [15, 50],
  transactionFraudLabelDelayDays: [2, 20],
  declinedRingConfirmShare: 0.35,
  falsePositiveLabelShare: 0.5,
};

/** What a caller passes to `simulate`. */
export interface SimulationOptions {
  /** PRNG seed: same seed and options give byte-identical output. */
  seed: number;
  /** Days simulated from `start`. */
  days: number;
  /** Enterprises in the population (default 2,000). */
  enterprises?: number;
  /** First simulated day, YYYY-MM-DD (UTC; default 2026-01-01). */
  start?: string;
  /** Overrides of the model parameters. */
  params?: Partial<ModelParams>;
  /** Called as generation advances (for progress bars); never affects the output. */
  onProgress?: (phase: string, done: number, total: number) => void;
}

export const DEFAULT_START = '2026-01-01';
export const DEFAULT_ENTERPRISES = 2000;

/** Options with defaults applied and checked. */
export interface ResolvedOptions {
  readonly seed: number;
  readonly days: number;
  readonly enterprises: number;
  readonly start: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly params: ModelParams;
}

export function resolveOptions(options: SimulationOptions): ResolvedOptions {
  const { seed, days } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new RangeError(`days must be an integer from 1 to 3650, got ${days}`);
  const enterprises = options.enterprises ?? DEFAULT_ENTERPRISES;
  if (!Number.isInteger(enterprises) || enterprises < 20 || enterprises > 1_000_000) {
    throw new RangeError(`enterprises must be an integer from 20 to 1000000, got ${enterprises}`);
  }
  const start = options.start ?? DEFAULT_START;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
  const startMs = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || new Date(startMs).toISOString().slice(0, 10) !== start) {
    throw new RangeError(`start must be a real date as YYYY-MM-DD, got '${start}'`);
  }
  return {
    seed, days, enterprises, start, startMs,
    endMs: startMs + days * 86_400_000,
    params: { ...DEFAULT_PARAMS, ...options.params },
  };
}
