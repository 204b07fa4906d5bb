/**
 * Limits and weights of the graph checks, declared once as a zod schema with defaults.
 * `graphConfig({...})` fills in defaults and rejects nonsense (a decay above 1, a zero budget).
 */
import { z } from 'zod';
import { ConfigError } from '../../lib/errors.ts';
import { EDGE_TYPES, FLAG_KINDS, type EdgeType, type FlagKind } from './types.ts';

const DAY_MS = 86_400_000;

/** Default edges of application checks: identifiers, registry, ownership, officers, guarantees, litigation. */
export const APPLICATION_EDGE_TYPES: EdgeType[] = EDGE_TYPES.filter((t) => t !== 'transfers_to' && t !== 'account_of');

const weights = z.object(Object.fromEntries(FLAG_KINDS.map((f) => [f, z.number().min(0).max(10)])) as Record<FlagKind, z.ZodNumber>);

export const GRAPH_CONFIG_SCHEMA = z.object({
  superNodeDegree: z.number().int().min(1).default(500)
    .describe('Nodes with more edges than this are not expanded (a shared public IP, a registered-agent address) and shared counts on them are capped.'),
  windowMs: z.number().int().min(1).default(30 * DAY_MS).describe('Window of the shared-identifier counts.'),
  useRetentionMs: z.number().int().min(1).default(180 * DAY_MS)
    .describe('How long identifier uses are kept; must cover the widest window.'),
  /** Bounds of application linked groups and enterprise graph credit; the time budget is per call (a whole batch in lockstep). */
  linkedGroup: z.object({
    maxHops: z.number().int().min(0).max(8).default(3),
    maxNodes: z.number().int().min(1).default(2_000),
    maxMillis: z.number().int().min(1).default(250),
  }).default({ maxHops: 3, maxNodes: 2_000, maxMillis: 250 }),
  applicationEdgeTypes: z.array(z.enum(EDGE_TYPES)).min(1).default(APPLICATION_EDGE_TYPES)
    .describe('Edges an application\'s linked group and risk spread follow. Money transfers are left out by default: every trading firm is a few payments from most others, which drowns the identity and ownership links fraud rings share.'),
  membersCap: z.number().int().min(0).default(50).describe('Most group members listed in a result.'),
  decay: z.number().gt(0).max(1).default(0.5).describe('Risk spread: weight × decay^hops.'),
  flagWeights: weights.default({
    fraud_confirmed: 1, defaulted: 0.8, dishonest_debtor: 0.7, abnormal_operation: 0.3, litigation_defendant: 0, judgment_lost: 0,
  }).describe('Weight of each flag in application risk spread; 0 = not counted.'),
  enterpriseFlagWeights: weights.default({
    fraud_confirmed: 1, defaulted: 0.8, dishonest_debtor: 0.7, abnormal_operation: 0.3, litigation_defendant: 0.3, judgment_lost: 0.5,
  }).describe('Weight of each flag in enterprise graph credit (lawsuits count here).'),
  guaranteeCircleMaxLength: z.number().int().min(2).max(12).default(6),
  path: z.object({
    maxHops: z.number().int().min(1).max(12).default(6),
    maxNodes: z.number().int().min(2).default(20_000),
    maxMillis: z.number().int().min(1).default(2_000),
  }).default({ maxHops: 6, maxNodes: 20_000, maxMillis: 2_000 }),
});

export type GraphConfig = z.infer<typeof GRAPH_CONFIG_SCHEMA>;
export type GraphConfigInput = z.input<typeof GRAPH_CONFIG_SCHEMA>;

/** The graph configuration with defaults filled in; throws ConfigError naming the bad field. */
export function graphConfig(input: GraphConfigInput = {}): GraphConfig {
  const parsed = GRAPH_CONFIG_SCHEMA.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid graph configuration:\n${lines.join('\n')}`);
  }
  if (parsed.data.useRetentionMs < parsed.data.windowMs) {
    throw new ConfigError('invalid graph configuration: useRetentionMs must be at least windowMs, or windowed counts lose uses');
  }
  return parsed.data;
}
