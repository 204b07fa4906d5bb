import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRuleSet, loadRuleSetOrThrow, RuleSetRejectedError, type LoadResult } from './load.ts';
import { featureNames } from '../../features/registry.ts';
import { EXAMPLES, ENTERPRISE_UPDATE_EXAMPLES } from '../../schemas/examples.ts';
import type { GraphSignals } from '../graph/types.ts';

const header = (extra = '') => `ruleSet: demo\nversion: "1"\nappliesTo: [applications, repayments]\n${extra}rules:\n`;
const rule = (id: string, when: string, more = '') =>
  `  - id: ${id}\n    description: rule ${id}\n    when: ${when}\n    severity: high\n    points: 10\n    action: review\n    reasonCode: R_${id.toUpperCase()}\n${more}`;

function rejected(result: LoadResult) {
  if (result.ok) throw new Error('expected the rule set to be rejected');
  return result.issues;
}
function accepted(result: LoadResult) {
  if (!result.ok) throw new Error(`expected the rule set to load: ${JSON.stringify(result.issues)}`);
  return result.ruleSet;
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function where(text: string, needle: string, from = 0): { line: number; col: number } {
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: (before.at(-1) as string).length + 1 };
}

describe('line and column of expression errors', () => {
  it('points into a plain scalar', () => {
    const text = header() + rule('a', 'event.requestedAmount > 1 && foo(2)');
    const [issue] = rejected(compileRuleSet(text, 'f.yaml'));
    expect(issue).toMatchObject({ ...where(text, 'foo('), ruleId: 'a' });
    expect(issue?.message).toMatch(/rule a: unknown function 'foo'/);
  });

  it('points into a double-quoted scalar with an escape before the error', () => {
    const text = header() + rule('a', String.raw`"event.channel != \"web\" && this.x"`);
    const [issue] = rejected(compileRuleSet(text, 'f.yaml'));
    expect(issue).toMatchObject(where(text, 'this.x'));
  });

  it('points into a single-quoted scalar', () => {
    const text = header() + rule('a', "'event.channel == ''web'' && event.constructor'");
    const [issue] = rejected(compileRuleSet(text, 'f.yaml'));
    expect(issue).toMatchObject(where(text, 'constructor'));
  });

  it('points into a block literal, on the right line', () => {
    const text = header() + rule('a', '|\n      event.requestedAmount > 1 &&\n        event.identity.faceMatchScore < 0.6 &&\n        bad_name > 3');
    const [issue] = rejected(compileRuleSet(text, 'f.yaml'));
    expect(issue).toMatchObject(where(text, 'bad_name'));
    expect(issue?.message).toMatch(/unknown name 'bad_name'/);
  });

  it('skips the block header: an error at the first character of a |- scalar is on the next line', () => {
    const text = header() + rule('a', "|-\n      -'x' > 1");
    const [issue] = rejected(compileRuleSet(text, 'f.yaml'));
    expect(issue?.message).toMatch(/needs a number/);
    expect(issue).toMatchObject(where(text, "-'x'"));
  });

  it('points into a folded block scalar', () => {
    const text = header() + rule('a', '>-\n      event.requestedAmount > 1 &&\n      event.requestedAmount | 2');
    const [issue] = rejected(compileRuleSet(text, 'f.yaml'));
    expect(issue).toMatchObject(where(text, '| 2'));
  });

  it('points into a multi-line plain scalar', () => {
    const text = header() + rule('a', 'event.requestedAmount > 1 &&\n      features[event.x] > 2');
    const [issue] = rejected(compileRuleSet(text, 'f.yaml'));
    expect(issue).toMatchObject(where(text, 'event.x]'));
  });

  it('points at the syntax error of a condition that does not parse', () => {
    const text = header() + rule('a', '"event.requestedAmount > (1 + 2"');
    const [issue] = rejected(compileRuleSet(text, 'f.yaml'));
    expect(issue?.message).toMatch(/syntax error/);
    expect(issue?.line).toBe(where(text, 'event.requestedAmount').line);
  });

  it('reports unknown event fields and, with a registry, unknown features', () => {
    const text = header() + rule('a', 'event.identity.livenesPassed') + rule('b', "features['enterprise.nope'] > 1");
    const issues = rejected(compileRuleSet(text, 'f.yaml', { knownFeatures: featureNames() }));
    expect(issues.map((i) => i.ruleId)).toEqual(['a', 'b']);
    expect(issues[0]).toMatchObject(where(text, 'event.identity.livenesPassed'));
    expect(issues[1]).toMatchObject(where(text, "features['enterprise.nope']"));
    expect(issues[1]?.message).toMatch(/unknown feature 'enterprise.nope'/);
  });

  it('refuses a condition that cannot be true or false', () => {
    const [issue] = rejected(compileRuleSet(header() + rule('a', 'event.requestedAmount * 2'), 'f.yaml'));
    expect(issue?.message).toMatch(/gives a number; it must be true or false/);
  });
});

describe('file-level errors', () => {
  it('rejects a YAML syntax error with its line and column', () => {
    const text = header() + rule('a', 'event.requestedAmount > 1') + '  - id: [unclosed\n';
    const issues = rejected(compileRuleSet(text, 'f.yaml'));
    expect(issues[0]?.message).toMatch(/^YAML /);
    expect(issues[0]?.line).toBeGreaterThanOrEqual(where(text, '[unclosed').line);
  });

  it('rejects an unquoted condition starting with ! (YAML reads it as a tag) and says to quote it', () => {
    const text = header() + rule('a', '!event.identity.livenessPassed');
    const [issue] = rejected(compileRuleSet(text, 'f.yaml'));
    expect(issue).toMatchObject(where(text, '!event'));
    expect(issue?.message).toMatch(/must be quoted/);
  });

  it('maps schema errors to the offending node or key', () => {
    const text = header() + rule('a', 'event.requestedAmount > 1', '    colour: red\n').replace('severity: high', 'severity: severe');
    const issues = rejected(compileRuleSet(text, 'f.yaml'));
    expect(issues.find((i) => /severity/.test(i.message))).toMatchObject(where(text, 'severe'));
    expect(issues.find((i) => /Unrecognized key/.test(i.message))).toMatchObject(where(text, 'colour'));
  });

  it('reports schema and expression errors together', () => {
    const text = header() + rule('a', 'foo()').replace('points: 10', 'points: ten');
    const messages = rejected(compileRuleSet(text, 'f.yaml')).map((i) => i.message);
    expect(messages.some((m) => /points/.test(m))).toBe(true);
    expect(messages.some((m) => /unknown function 'foo'/.test(m))).toBe(true);
  });

  it('rejects duplicate rule ids, alert rules without a signal and topics outside the set', () => {
    const text =
      header() +
      rule('a', 'event.requestedAmount > 1') +
      rule('a', 'event.requestedAmount > 2') +
      rule('c', 'event.requestedAmount > 3').replace('action: review', 'action: alert') +
      rule('d', "event.kind == 'missed'", '    appliesTo: [transactions]\n');
    const messages = rejected(compileRuleSet(text, 'f.yaml')).map((i) => i.message);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/duplicate rule id 'a'/),
      expect.stringMatching(/an 'alert' rule needs a signal/),
      expect.stringMatching(/topic 'transactions' is not in the rule set's appliesTo/),
    ]));
  });

  it('throws RuleSetRejectedError listing file:line:col from loadRuleSetOrThrow', () => {
    const text = header() + rule('a', 'foo()');
    expect(() => loadRuleSetOrThrow(text, 'rules/x.yaml')).toThrow(RuleSetRejectedError);
    expect(() => loadRuleSetOrThrow(text, 'rules/x.yaml')).toThrow(new RegExp(`rules/x.yaml:${where(text, 'foo').line}:${where(text, 'foo').col}: rule a`));
  });
});

describe('evaluation', () => {
  const app = EXAMPLES.applications;
  const text =
    header() +
    rule('big', 'event.requestedAmount >= 800000') +
    rule('shadowed', 'event.requestedAmount > 1', '    mode: shadow\n') +
    rule('paused', 'event.requestedAmount > 1', '    mode: paused\n') +
    rule('retired', 'event.requestedAmount > 1', '    mode: retired\n') +
    rule('miss', "event.kind == 'missed'", '    appliesTo: [repayments]\n') +
    rule('never', 'event.requestedAmount > 1e9');

  it('returns a hit per true condition, shadow hits flagged, paused and retired rules skipped', () => {
    const set = accepted(compileRuleSet(text, 'demo.yaml'));
    const result = set.evaluate({ event: app }, 'applications');
    expect(result.ruleSetVersion).toBe('demo@1');
    expect(result.hits).toEqual([
      { ruleId: 'big', ruleSetVersion: 'demo@1', reasonCode: 'R_BIG', severity: 'high', points: 10, action: 'review', shadow: false },
      { ruleId: 'shadowed', ruleSetVersion: 'demo@1', reasonCode: 'R_SHADOWED', severity: 'high', points: 10, action: 'review', shadow: true },
    ]);
    expect(result.errors).toEqual([]);
  });

  it('runs only the rules that apply to the topic', () => {
    const set = accepted(compileRuleSet(text, 'demo.yaml'));
    expect(set.evaluate({ event: EXAMPLES.repayments }, 'repayments').hits.map((h) => h.ruleId)).toEqual(['miss']);
    expect(set.evaluate({ event: EXAMPLES.transactions }, 'transactions').hits).toEqual([]);
  });

  it('marks every hit shadow when the whole set is in shadow mode', () => {
    const set = accepted(compileRuleSet(text.replace('rules:\n', 'mode: shadow\nrules:\n'), 'demo.yaml'));
    const hits = set.evaluate({ event: app }, 'applications').hits;
    expect(hits.length).toBe(2);
    expect(hits.every((h) => h.shadow)).toBe(true);
  });

  it('reports a rule whose condition throws as an error, and keeps evaluating the others', () => {
    const set = accepted(compileRuleSet(header() + rule('boom', 'event.x > 1') + rule('ok', 'event.requestedAmount > 1'), 'demo.yaml', { checkEventPaths: false }));
    const hostile = { get x(): number { throw new Error('getter exploded'); }, requestedAmount: 5 };
    const result = set.evaluate({ event: hostile });
    expect(result.errors).toEqual([{ ruleId: 'boom', message: 'getter exploded' }]);
    expect(result.hits.map((h) => h.ruleId)).toEqual(['ok']);
  });
});

describe('the shipped default rule set', () => {
  const path = fileURLToPath(new URL('../../rules/default.yaml', import.meta.url));
  const set = accepted(compileRuleSet(readFileSync(path, 'utf8'), path, { knownFeatures: featureNames() }));

  it('loads against the feature registry and the contracts', () => {
    expect(set.name).toBe('default');
    expect(set.rules.length).toBeGreaterThan(20);
    expect(set.rules.some((r) => r.mode === 'shadow')).toBe(true);
  });

  it('lets a clean application through and catches a failed liveness check and blacklisted device', () => {
    expect(set.evaluate({ event: EXAMPLES.applications }, 'applications').hits).toEqual([]);
    const bad = { ...EXAMPLES.applications, identity: { ...EXAMPLES.applications.identity, livenessPassed: false } };
    const hits = set.evaluate({ event: bad, lists: { device_black: true } }, 'applications').hits;
    expect(hits.map((h) => h.reasonCode)).toEqual(['ID_LIVENESS_FAILED', 'LIST_HIT_BLACK']);
    expect(hits.every((h) => h.action === 'reject' && !h.shadow)).toBe(true);
  });

  it('raises post-loan signals on the example missed payment and lawsuit', () => {
    expect(set.evaluate({ event: EXAMPLES.repayments }, 'repayments').hits.map((h) => h.ruleId)).toEqual(['pl.missed_payment']);
    const sued = set.evaluate({ event: ENTERPRISE_UPDATE_EXAMPLES.litigation_filed }, 'enterprise-updates').hits.map((h) => h.ruleId);
    expect(sued).toContain('pl.new_lawsuit');
  });

  describe('graph checks', () => {
    const quiet: GraphSignals = {
      sharedPhoneApplicants: 0, sharedDeviceApplicants: 0, sharedIpApplicants: 0, sharedAddressApplicants: 0,
      sharedCompanyPhoneEnterprises: 0, sharedCountsCapped: false, linkedGroupSize: 1, linkedPersons: 0, linkedEnterprises: 0,
      linkedFlaggedCount: 0, riskSpreadScore: 0, nearestFlaggedHops: -1, phoneUnderOtherEnterprises: 0, declaredPhoneMismatch: false,
      registryPhoneKnown: true, guaranteeCircle: false, guaranteeCircleLength: 0, truncated: false, superNodesSkipped: 0,
    };
    const graphHits = (over: Partial<GraphSignals>) =>
      set.evaluate({ event: EXAMPLES.applications, graph: { ...quiet, ...over } }, 'applications').hits.map((h) => h.ruleId);

    it('reads only names the graph detector produces', () => {
      for (const name of set.references.graph) expect(Object.keys(quiet)).toContain(name);
    });

    it.each([
      ['app.graph_shared_phone', { sharedPhoneApplicants: 2 }, { sharedPhoneApplicants: 1 }],
      ['app.graph_near_flagged', { nearestFlaggedHops: 2 }, { nearestFlaggedHops: 3 }],
      ['app.graph_near_flagged', { nearestFlaggedHops: 1 }, { nearestFlaggedHops: -1 }],
      ['app.graph_guarantee_circle', { guaranteeCircle: true, guaranteeCircleLength: 3 }, { guaranteeCircle: false }],
      ['app.graph_phone_mismatch', { declaredPhoneMismatch: true }, { declaredPhoneMismatch: true, registryPhoneKnown: false }],
    ] as Array<[string, Partial<GraphSignals>, Partial<GraphSignals>]>)('%s fires on %j and not on %j', (ruleId, fires, quietOver) => {
      expect(graphHits(fires)).toContain(ruleId);
      expect(graphHits(quietOver)).not.toContain(ruleId);
    });

    it('fires no graph rule on a quiet graph or when graph results are missing', () => {
      expect(graphHits({})).toEqual([]);
      expect(set.evaluate({ event: EXAMPLES.applications }, 'applications').hits).toEqual([]);
    });
  });
});
