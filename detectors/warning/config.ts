/**
 * Early-warning thresholds (config/warning.yaml), declared once with zod. Each signal has its
 * thresholds, the severity it raises and a cooldown: a repeat of the same signal for the same
 * loan inside the cooldown is a duplicate the alert queue drops.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../../lib/errors.ts';
import { SEVERITIES } from '../../schemas/topics/outputs.ts';
import { formatIssue, parseYamlWith } from '../rules/yamlPositions.ts';

const severity = z.enum(SEVERITIES);
const hours = z.number().min(0).max(24 * 365).describe('Cooldown, hours');
const ratio = z.number().min(0).max(1);

export const WarningConfig = z
  .strictObject({
    missedPayment: z.strictObject({ severity, cooldownHours: hours }),
    partialPayment: z.strictObject({
      minShortfallRatio: ratio.describe('Shortfall / amount due from which a partial payment is a signal'),
      highShortfallRatio: ratio.describe('Shortfall ratio from which the severity is high'),
      severity,
      cooldownHours: hours,
    }),
    dpdTransition: z.strictObject({
      buckets: z
        .array(z.strictObject({ from: z.number().int().min(1), severity }))
        .min(1)
        .describe('Days-past-due buckets by their first day; entering a higher bucket raises its severity'),
      cooldownHours: hours,
    }),
    inflowCollapse: z.strictObject({
      ratio: ratio.describe('Inflow of the last 7 days / weekly baseline at or below which inflows collapsed'),
      severeRatio: ratio.describe('Ratio at or below which the severity is high'),
      minWeeklyBaseline: z.number().min(0).describe('Ignore enterprises whose weekly baseline inflow is below this (CNY)'),
      severity,
      cooldownHours: hours,
    }),
    balanceDrainedBeforeDue: z.strictObject({
      daysBeforeDue: z.number().min(0).max(90).describe('Window before the due date in which a drain counts'),
      maxBalanceToInstallment: z.number().min(0).describe('Balance after the outflow / installment at or below which the account is drained'),
      severity,
      cooldownHours: hours,
    }),
    relatedPartyTransfer: z.strictObject({
      minAmount: z.number().min(0).describe('Smallest outgoing transfer to a related party that counts (CNY)'),
      maxHops: z.number().int().min(1).max(6).describe('Relations further than this in the graph do not count'),
      criticalShareOfExposure: z.number().min(0).describe('Transfer / outstanding exposure from which the severity is critical'),
      severity,
      cooldownHours: hours,
    }),
    newLawsuit: z.strictObject({
      severity: severity.describe('Severity of a lawsuit against the borrower'),
      loanDisputeSeverity: severity.describe('Severity when the case is a loan dispute'),
      relatedPartySeverity: severity.describe('Severity of a lawsuit against a related party'),
      minClaimAmount: z.number().min(0),
      maxHops: z.number().int().min(1).max(6).describe('Lawsuits against parties further than this do not count'),
      cooldownHours: hours,
    }),
    newListing: z.strictObject({
      dishonestDebtorSeverity: severity,
      abnormalOperationSeverity: severity,
      taxArrearsSeverity: severity,
      cooldownHours: hours,
    }),
    relatedPartyListing: z.strictObject({ severity, maxHops: z.number().int().min(1).max(6), cooldownHours: hours }),
    bureauScoreDrop: z.strictObject({
      minDrop: z.number().int().min(1).describe('Points of drop that raise the signal'),
      severeDrop: z.number().int().min(1).describe('Points of drop from which the severity is high'),
      severity,
      cooldownHours: hours,
    }),
    highDefaultProbability: z.strictObject({
      threshold: ratio.describe('PD at or above which the signal is raised'),
      criticalAt: ratio.describe('PD at or above which the severity is critical'),
      severity,
      cooldownHours: hours,
    }),
    maxWhy: z.number().int().min(1).max(10).default(5),
  })
  .superRefine((c, ctx) => {
    const froms = c.dpdTransition.buckets.map((b) => b.from);
    if (froms.some((f, i) => i > 0 && f <= (froms[i - 1] as number))) ctx.addIssue({ code: 'custom', path: ['dpdTransition', 'buckets'], message: 'buckets must be in increasing order of from' });
    if (c.inflowCollapse.severeRatio > c.inflowCollapse.ratio) ctx.addIssue({ code: 'custom', path: ['inflowCollapse', 'severeRatio'], message: 'severeRatio must not exceed ratio' });
    if (c.bureauScoreDrop.severeDrop < c.bureauScoreDrop.minDrop) ctx.addIssue({ code: 'custom', path: ['bureauScoreDrop', 'severeDrop'], message: 'severeDrop must be at least minDrop' });
    if (c.highDefaultProbability.criticalAt < c.highDefaultProbability.threshold) ctx.addIssue({ code: 'custom', path: ['highDefaultProbability', 'criticalAt'], message: 'criticalAt must be at least threshold' });
    if (c.partialPayment.highShortfallRatio < c.partialPayment.minShortfallRatio) ctx.addIssue({ code: 'custom', path: ['partialPayment', 'highShortfallRatio'], message: 'highShortfallRatio must be at least minShortfallRatio' });
  });
export type WarningConfig = z.output<typeof WarningConfig>;

export const DEFAULT_WARNING_CONFIG_PATH = fileURLToPath(new URL('../../config/warning.yaml', import.meta.url));

/** Parses warning thresholds; throws ConfigError listing `file:line:col: message`. */
export function parseWarningConfig(text: string, source = 'warning.yaml'): WarningConfig {
  const result = parseYamlWith(WarningConfig, text);
  if (!result.ok) throw new ConfigError(`invalid early-warning config:\n${result.issues.map((i) => formatIssue(source, i)).join('\n')}\nFix ${source} (documented in config/warning.yaml).`);
  return result.value;
}

/** Reads warning thresholds from a file (default: config/warning.yaml). */
export function loadWarningConfig(path: string = DEFAULT_WARNING_CONFIG_PATH): WarningConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the early-warning config ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseWarningConfig(text, path);
}
