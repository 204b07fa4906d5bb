/**
 * YAML overrides of the feature registry, for a deployment that tunes windows or adds features
 * without code:
 *
 *   windows:                       # add or replace windows
 *     14d: { span: 14d, bucket: 1d }
 *   features:                      # add new features, or replace ones with the same name
 *     - name: account.inflow_sum_14d
 *       entity: account
 *       aggregate: sum
 *       window: 14d
 *       source: { topic: transactions, where: "direction == 'in'", value: amount }
 *       description: Money in over 14 days
 *   remove: [enterprise.invoice_sales_last]
 *
 * The result is checked like the built-in registry (compileRegistry); errors name the file.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../lib/errors.ts';
import { INPUT_TOPICS, type TopicName } from '../schemas/topics.ts';
import { ENTITY_TYPES } from './entities.ts';
import { compileRegistry } from './plan.ts';
import { FEATURE_REGISTRY } from './registry.ts';
import type { FeatureDef, FeatureRegistry } from './types.ts';

const topic = z.enum(INPUT_TOPICS as [TopicName, ...TopicName[]]);
const featureSchema = z.object({
  name: z.string(),
  entity: z.enum(ENTITY_TYPES),
  aggregate: z.enum(['count', 'sum', 'min', 'max', 'distinct', 'last', 'time_since_last', 'time_until', 'trend_ratio', 'cures', 'ratio', 'difference']),
  window: z.string().optional(),
  baseline: z.string().optional(),
  source: z.object({ topic: z.union([topic, z.array(topic).min(1)]), where: z.string().optional(), value: z.string().optional() }).strict().optional(),
  of: z.tuple([z.string(), z.string()]).optional(),
  unit: z.enum(['s', 'm', 'h', 'd']).optional(),
  description: z.string().min(1),
}).strict();

const overrideSchema = z.object({
  windows: z.record(z.string(), z.object({ span: z.string(), bucket: z.string() }).strict()).optional(),
  features: z.array(featureSchema).optional(),
  remove: z.array(z.string()).optional(),
}).strict();

/** The registry with a YAML override (text) applied on top of `base`; throws ConfigError. */
export function applyRegistryOverride(yamlText: string, base: FeatureRegistry = FEATURE_REGISTRY, source = 'feature registry override'): FeatureRegistry {
  let parsed: z.infer<typeof overrideSchema>;
  try {
    parsed = overrideSchema.parse(parse(yamlText) ?? {});
  } catch (err) {
    const detail = err instanceof z.ZodError ? err.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n') : (err as Error).message;
    throw new ConfigError(`${source} is not a valid feature registry override:\n${detail}`, { cause: err });
  }
  const removed = new Set(parsed.remove ?? []);
  for (const name of removed) {
    if (!base.features.some((f) => f.name === name)) throw new ConfigError(`${source}: remove: no feature named ${name}`);
  }
  const replacing = new Map((parsed.features ?? []).map((f) => [f.name, f as FeatureDef]));
  const features: FeatureDef[] = base.features.filter((f) => !removed.has(f.name)).map((f) => replacing.get(f.name) ?? f);
  for (const f of replacing.values()) if (!base.features.some((b) => b.name === f.name)) features.push(f);
  const registry: FeatureRegistry = { windows: { ...base.windows, ...(parsed.windows ?? {}) }, features };
  try {
    compileRegistry(registry, { allowedLatenessMs: 0 });
  } catch (err) {
    throw new ConfigError(`${source}: ${(err as Error).message}`, { cause: err });
  }
  return registry;
}

/** Reads a YAML override file (see the module comment) and returns the registry to run. */
export function loadFeatureRegistry(path?: string): FeatureRegistry {
  if (!path) return FEATURE_REGISTRY;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read feature registry override ${path}: ${(err as Error).message}`, { cause: err });
  }
  return applyRegistryOverride(text, FEATURE_REGISTRY, path);
}
