import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.ts';
import { DEFAULT_DECISION_CONFIG_PATH, loadDecisionConfig, parseDecisionConfig } from './config.ts';

const text = readFileSync(DEFAULT_DECISION_CONFIG_PATH, 'utf8');

describe('decision config', () => {
  it('loads the shipped policy', () => {
    expect(loadDecisionConfig().tiers.auto_approve).toBeGreaterThan(loadDecisionConfig().tiers.suggest_reject);
  });

  it('rejects cut-offs out of order, with the line and column of the offending one', () => {
    const bad = text.replace(/manual_review: 600/, 'manual_review: 630');
    const lines = bad.split('\n');
    const line = lines.findIndex((l) => l.includes('manual_review: 630')) + 1;
    expect(() => parseDecisionConfig(bad, 'decision.yaml')).toThrow(ConfigError);
    expect(() => parseDecisionConfig(bad, 'decision.yaml')).toThrow(new RegExp(`decision.yaml:${line}:\\d+: tiers.manual_review: cut-off of manual_review must be below suggest_pass`));
  });

  it('rejects a product whose approvable scores have no price', () => {
    const bad = text.replace('- { minScore: 560, rate: 0.1200 }', '- { minScore: 575, rate: 0.1200 }');
    expect(() => parseDecisionConfig(bad)).toThrow(/scores from 560 \(suggest_reject\) up must be priced/);
  });

  it('rejects unknown keys and a missing product cap', () => {
    expect(() => parseDecisionConfig(text.replace('maxReasons: 6', 'maxReasons: 6\nmaxReason: 3'))).toThrow(/Unrecognized key/);
    expect(() => parseDecisionConfig(text.replace('    term_loan: 10000000\n', ''))).toThrow(/limits.productCaps.term_loan/);
  });

  it('names a missing file', () => {
    expect(() => loadDecisionConfig('/nonexistent/decision.yaml')).toThrow(/cannot read the decision policy \/nonexistent\/decision.yaml/);
  });
});
