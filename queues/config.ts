/**
 * Alert-routing configuration (config/routing.yaml), declared once with zod: teams with their
 * labels, SLA and escalation; ordered routing rules; the expected-loss parameters of priority;
 * cooldowns; lease and retention settings. Validated at start-up; a bad file stops the service
 * with `file:line:col: message`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../lib/errors.ts';
import { ALERT_SIGNALS, SEVERITIES } from '../schemas/topics/outputs.ts';
import { formatIssue, parseYamlWith } from '../detectors/rules/yamlPositions.ts';

/** Team ids are used in Redis keys and URLs: lower-case letters, digits and underscores. */
export const TeamId = z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, 'team ids are lower_snake_case (letters, digits, _), at most 48 characters');

const severityMap = <T extends z.ZodType>(value: T) => z.strictObject({ low: value, medium: value, high: value, critical: value });

const Team = z.strictObject({
  label: z.strictObject({ zh: z.string().min(1).max(64), en: z.string().min(1).max(64) }).describe('Name shown in the console, Chinese and English'),
  slaMinutes: z.number().positive().max(60 * 24 * 90).describe('Time from enqueue within which an alert should be resolved'),
  escalation: z
    .strictObject({
      priorityBoost: z.number().min(1).max(100).default(2).describe('Priority is multiplied by this when the SLA is breached'),
      toTeam: TeamId.optional().describe('Unclaimed alerts past their SLA move to this team'),
    })
    .default({ priorityBoost: 2 }),
});

const Condition = z
  .strictObject({
    signals: z.array(z.enum(ALERT_SIGNALS)).min(1).optional(),
    severities: z.array(z.enum(SEVERITIES)).min(1).optional(),
    minDaysPastDue: z.number().int().min(0).optional(),
    maxDaysPastDue: z.number().int().min(0).optional(),
    subject: z.enum(['loan', 'application', 'enterprise']).optional().describe('What the alert is about: a loan, an application (no loan yet) or an enterprise only'),
  })
  .refine((c) => c.minDaysPastDue === undefined || c.maxDaysPastDue === undefined || c.minDaysPastDue <= c.maxDaysPastDue, {
    message: 'minDaysPastDue must not exceed maxDaysPastDue',
    path: ['maxDaysPastDue'],
  });

const Rule = z.strictObject({
  name: z.string().min(1).max(128),
  when: Condition,
  team: TeamId,
});

export const RoutingConfig = z
  .strictObject({
    lossGivenDefault: z.number().min(0).max(1).describe('LGD of the expected-loss formula EL = PD × EAD × LGD'),
    fallbackProbabilityOfDefault: severityMap(z.number().min(0).max(1)).describe('PD used for an alert that carries none'),
    severityWeight: severityMap(z.number().positive()),
    minimumExpectedLoss: z.number().min(0).default(100),
    teams: z.record(TeamId, Team).refine((t) => Object.keys(t).length > 0, 'at least one team'),
    rules: z.array(Rule),
    defaultTeam: TeamId,
    cooldownHours: z.partialRecord(z.enum(ALERT_SIGNALS), z.number().min(0).max(24 * 365)).default({}),
    lease: z.strictObject({
      seconds: z.number().int().min(1).max(86_400),
      assignedSeconds: z.number().int().min(1).max(7 * 86_400),
    }),
    maxSnoozeHours: z.number().positive().max(24 * 30).default(72),
    maxEvidence: z.number().int().min(1).max(1000).default(50),
    resolvedRetentionDays: z.number().positive().max(365).default(7),
  })
  .superRefine((c, ctx) => {
    const teams = new Set(Object.keys(c.teams));
    if (!teams.has(c.defaultTeam)) ctx.addIssue({ code: 'custom', path: ['defaultTeam'], message: `unknown team ${c.defaultTeam}` });
    c.rules.forEach((r, i) => {
      if (!teams.has(r.team)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'team'], message: `unknown team ${r.team}` });
    });
    for (const [id, t] of Object.entries(c.teams)) {
      const to = t.escalation.toTeam;
      if (to !== undefined && !teams.has(to)) ctx.addIssue({ code: 'custom', path: ['teams', id, 'escalation', 'toTeam'], message: `unknown team ${to}` });
      if (to === id) ctx.addIssue({ code: 'custom', path: ['teams', id, 'escalation', 'toTeam'], message: 'a team cannot escalate to itself' });
    }
  });
export type RoutingConfig = z.output<typeof RoutingConfig>;
export type TeamConfig = RoutingConfig['teams'][string];

export const DEFAULT_ROUTING_CONFIG_PATH = fileURLToPath(new URL('../config/routing.yaml', import.meta.url));

/** Parses routing configuration; throws ConfigError listing `file:line:col: message`. */
export function parseRoutingConfig(text: string, source = 'routing.yaml'): RoutingConfig {
  const result = parseYamlWith(RoutingConfig, text);
  if (!result.ok) throw new ConfigError(`invalid alert-routing config:\n${result.issues.map((i) => formatIssue(source, i)).join('\n')}\nFix ${source} (documented in config/routing.yaml).`);
  return result.value;
}

/** Reads routing configuration from a file (default: config/routing.yaml). */
export function loadRoutingConfig(path: string = DEFAULT_ROUTING_CONFIG_PATH): RoutingConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the alert-routing config ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseRoutingConfig(text, path);
}

/** Team ids in the order the file lists them. */
export const teamIds = (config: RoutingConfig): string[] => Object.keys(config.teams);
