import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../lib/errors.ts';
import { DEFAULT_ROUTING_CONFIG_PATH, loadRoutingConfig, parseRoutingConfig } from './config.ts';

const text = readFileSync(DEFAULT_ROUTING_CONFIG_PATH, 'utf8');

describe('routing config', () => {
  it('loads config/routing.yaml with the six teams of the collection process', () => {
    expect(Object.keys(loadRoutingConfig().teams)).toEqual(['pre_delinquency', 'early_collection', 'late_collection', 'legal', 'fraud_investigation', 'manual_review']);
  });

  it('rejects a rule naming an unknown team, with the line', () => {
    const bad = text.replace('team: legal\n', 'team: lawyers\n');
    expect(() => parseRoutingConfig(bad, 'routing.yaml')).toThrow(ConfigError);
    expect(() => parseRoutingConfig(bad, 'routing.yaml')).toThrow(/routing\.yaml:\d+:\d+: rules\.4\.team: unknown team lawyers/);
  });

  it('rejects a days-past-due band upside down and a team escalating to itself', () => {
    expect(() => parseRoutingConfig(text.replace('minDaysPastDue: 31, maxDaysPastDue: 90', 'minDaysPastDue: 91, maxDaysPastDue: 90'))).toThrow(/minDaysPastDue must not exceed maxDaysPastDue/);
    expect(() => parseRoutingConfig(text.replace('escalation: { priorityBoost: 1.5 }', 'escalation: { priorityBoost: 1.5, toTeam: legal }'))).toThrow(/cannot escalate to itself/);
  });

  it('rejects unknown keys (typos surface)', () => {
    expect(() => parseRoutingConfig(text.replace('lossGivenDefault: 0.45', 'lossGivenDefault: 0.45\nlossGivenDefualt: 0.5'))).toThrow(/lossGivenDefualt/);
  });
});
