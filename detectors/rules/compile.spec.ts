import { describe, expect, it } from 'vitest';
import { compileExpression, type CompileOptions } from './compile.ts';
import type { EvalContext, Value } from './context.ts';

const ctx: EvalContext = {
  event: {
    amount: 120,
    zero: 0,
    name: 'alpha-1',
    channel: 'app',
    dueDate: '2026-03-01',
    eventTime: '2026-02-20T00:00:00.000Z',
    flag: true,
    tags: ['a', 'b'],
    nested: { deep: { value: 7 } },
    nothing: null,
    items: [{ v: 1 }, { v: 2 }],
  },
  features: { 'enterprise.inflow_sum_7d': 5000, 'enterprise.missing': null, 'device.app_count_1h': 4 },
  lists: { device_black: true, grey: 2 },
  graph: { sharedPhoneApplicants: 3, guaranteeCircle: false, related: { hops: 2 } },
  models: { application_fraud: 0.91, default_pd: null },
};

function run(expr: string, options: CompileOptions = {}, context: EvalContext = ctx): Value {
  const r = compileExpression(expr, options);
  if (!r.ok) throw new Error(`did not compile: ${expr}: ${JSON.stringify(r.issues)}`);
  return r.evaluate(context);
}

function issues(expr: string, options: CompileOptions = {}) {
  const r = compileExpression(expr, options);
  if (r.ok) throw new Error(`compiled but should not: ${expr}`);
  return r.issues;
}

describe('comparison operators', () => {
  it.each([
    ['event.amount == 120', true], ['event.amount == 121', false],
    ['event.amount === 120', true], ['event.amount !== 120', false],
    ['event.amount != 121', true], ['event.amount != 120', false],
    ['event.amount < 121', true], ['event.amount < 120', false],
    ['event.amount <= 120', true], ['event.amount <= 119', false],
    ['event.amount > 119', true], ['event.amount > 120', false],
    ['event.amount >= 120', true], ['event.amount >= 121', false],
    ["event.channel == 'app'", true], ["event.channel == 'web'", false],
    ["event.dueDate < '2026-03-02'", true], ["event.dueDate > '2026-03-02'", false],
    ['event.tags == ["a", "b"]', true], ['event.tags == ["a"]', false],
  ])('%s → %s', (expr, expected) => {
    expect(run(expr)).toBe(expected);
  });

  it('does not coerce types: a number never equals or orders against a string', () => {
    expect(run("event.amount == '120'")).toBe(false);
    expect(run("event.amount != '120'")).toBe(true);
    expect(run("event.amount > '1'")).toBe(false);
  });
});

describe('in', () => {
  it('is membership in a literal list', () => {
    expect(run("event.channel in ['app', 'web']")).toBe(true);
    expect(run("event.channel in ['branch']")).toBe(false);
    expect(run('event.amount in [1, 120]')).toBe(true);
  });
  it('works with a list from the context', () => {
    expect(run("'b' in event.tags")).toBe(true);
    expect(run("'z' in event.tags")).toBe(false);
  });
  it('is false for a missing left side or a non-list right side', () => {
    expect(run("event.absent in ['app']")).toBe(false);
    expect(run("'a' in event.name")).toBe(false);
  });
  it('rejects a literal that is not a list on the right', () => {
    expect(issues("event.channel in 'app'")[0]?.message).toMatch(/right side of 'in' must be a list/);
  });
});

describe('arithmetic operators', () => {
  it.each([
    ['event.amount + 5', 125], ['event.amount - 20', 100], ['event.amount * 2', 240], ['event.amount / 8', 15], ['event.amount % 7', 1],
    ['-event.amount', -120], ['+event.amount', 120], ['(event.amount + 30) / 3', 50], ['event.amount - 100 * 2', -80],
  ])('%s → %s', (expr, expected) => {
    expect(run(expr)).toBe(expected);
  });

  it('gives null on division or modulo by zero', () => {
    expect(run('event.amount / event.zero')).toBeNull();
    expect(run('event.amount % 0')).toBeNull();
    expect(run('event.amount / event.zero > 1')).toBe(false);
  });

  it('rejects arithmetic on string and boolean literals at load', () => {
    expect(issues("event.amount + 'x'")[0]?.message).toMatch(/needs numbers/);
    expect(issues('true * 2')[0]?.message).toMatch(/needs numbers/);
    expect(issues("-'x'")[0]?.message).toMatch(/needs a number/);
  });
});

describe('logical operators and ternary', () => {
  it.each([
    ['event.flag && event.amount > 100', true], ['event.flag && event.amount > 200', false],
    ['event.amount > 200 || event.flag', true], ['event.amount > 200 || event.zero > 0', false],
    ['!event.flag', false], ['!(event.amount > 200)', true],
    ['event.amount > 100 ? 1 : 2', 1], ['event.amount > 200 ? 1 : 2', 2],
    ['event.absent ?? 9', 9], ['event.amount ?? 9', 120],
  ])('%s → %s', (expr, expected) => {
    expect(run(expr)).toBe(expected);
  });

  it('short-circuits: the right side of && is not evaluated when the left is false', () => {
    let reads = 0;
    const spy: EvalContext = { event: { get probe() { reads++; return 1; }, off: false } };
    expect(run('event.off && event.probe > 0', {}, spy)).toBe(false);
    expect(reads).toBe(0);
    expect(run('event.probe > 0 || event.off', {}, spy)).toBe(true);
    expect(reads).toBe(1);
  });
});

describe('null semantics', () => {
  it('reads missing fields, features, lists, graph results and models as null', () => {
    expect(run('event.absent')).toBeNull();
    expect(run('event.nested.nope.deeper')).toBeNull();
    expect(run("features['enterprise.unknown']")).toBeNull();
    expect(run("features['enterprise.missing']")).toBeNull();
    expect(run('lists.phone_black')).toBeNull();
    expect(run('graph.nothing')).toBeNull();
    expect(run('models.default_pd')).toBeNull();
  });

  it('makes every comparison with null false, both == and !=', () => {
    for (const op of ['==', '!=', '<', '<=', '>', '>=']) {
      expect(run(`event.absent ${op} 1`)).toBe(false);
      expect(run(`1 ${op} event.nothing`)).toBe(false);
    }
    expect(run('event.absent == event.nothing')).toBe(false);
  });

  it('propagates null through arithmetic', () => {
    expect(run('event.absent + 1')).toBeNull();
    expect(run('-event.absent')).toBeNull();
    expect(run('models.default_pd * 100 > 5')).toBe(false);
  });

  it('treats null as false in logic', () => {
    expect(run('!event.absent')).toBe(true);
    expect(run('event.absent && true')).toBe(false);
    expect(run('event.absent || event.flag')).toBe(true);
    expect(run('event.absent ? 1 : 2')).toBe(2);
  });

  it('rejects comparison with the null literal, pointing at it', () => {
    const [issue] = issues('event.amount == null');
    expect(issue?.message).toMatch(/exists\(x\)/);
    expect(issue?.index).toBe('event.amount == '.length);
    expect(issues('null != event.amount')[0]?.index).toBe(0);
  });

  it('tolerates a context with no features, lists, graph or models', () => {
    const bare: EvalContext = { event: { amount: 1 } };
    expect(run("features['enterprise.inflow_sum_7d'] > 0", {}, bare)).toBe(false);
    expect(run('lists.device_black', {}, bare)).toBeNull();
    expect(run('graph.x >= 1 || models.y >= 0.5', {}, bare)).toBe(false);
  });
});

describe('paths', () => {
  it('reads a feature by bracket name or by dotted path, the same value', () => {
    expect(run("features['enterprise.inflow_sum_7d']")).toBe(5000);
    expect(run('features.enterprise.inflow_sum_7d')).toBe(5000);
  });
  it('reads nested event fields, array elements and graph results', () => {
    expect(run('event.nested.deep.value')).toBe(7);
    expect(run("event['nested']['deep'].value")).toBe(7);
    expect(run('event.items[1].v')).toBe(2);
    expect(run('event.tags[5]')).toBeNull();
    expect(run('graph.related.hops')).toBe(2);
    expect(run('lists.device_black')).toBe(true);
    expect(run('models.application_fraud')).toBe(0.91);
  });
  it('only reads own properties, never the prototype chain', () => {
    expect(run('event.toString')).toBeNull();
    expect(run('event.hasOwnProperty')).toBeNull();
    expect(run('event.name.length')).toBeNull();
  });
  it('records what a condition reads', () => {
    const r = compileExpression("features.device.app_count_1h > 3 && lists.device_black && graph.sharedPhoneApplicants > 1 && models.application_fraud > 0.5 && event.nested.deep.value > 1");
    if (!r.ok) throw new Error('did not compile');
    expect([...r.references.features]).toEqual(['device.app_count_1h']);
    expect([...r.references.lists]).toEqual(['device_black']);
    expect([...r.references.graph]).toEqual(['sharedPhoneApplicants']);
    expect([...r.references.models]).toEqual(['application_fraud']);
    expect([...r.references.eventPaths]).toEqual(['nested.deep.value']);
  });
});

describe('functions', () => {
  it.each([
    ['abs(-3)', 3], ['abs(event.amount - 200)', 80], ["abs('x')", null],
    ['min(3, 1, 2)', 1], ['min(event.absent, 4)', 4], ['min(event.absent)', null], ['min([5, 2])', 2],
    ['max(3, 1, 2)', 3], ['max(event.amount, 7)', 120], ['max(event.absent, event.nothing)', null],
    ['coalesce(event.absent, event.nothing, 5)', 5], ['coalesce(event.absent)', null], ['coalesce(event.amount, 1)', 120],
    ['exists(event.amount)', true], ['exists(event.absent)', false], ['exists(event.nothing)', false], ['exists(event.zero)', true],
    ['len(event.name)', 7], ['len(event.tags)', 2], ['len(event.amount)', null], ['len(event.absent)', null],
    ["contains(event.name, 'ha-')", true], ["contains(event.name, 'zz')", false], ["contains(event.tags, 'b')", true],
    ["contains(event.tags, 'q')", false], ["contains(event.absent, 'a')", false], ['contains(event.name, event.absent)', false],
    ["startsWith(event.name, 'alp')", true], ["startsWith(event.name, 'lp')", false], ["startsWith(event.absent, 'a')", false],
    ['daysBetween(event.eventTime, event.dueDate)', 9], ["daysBetween('2026-03-01', '2026-02-27')", -2],
    ["daysBetween('not a date', event.dueDate)", null], ['daysBetween(event.absent, event.dueDate)', null],
  ])('%s → %s', (expr, expected) => {
    expect(run(expr)).toEqual(expected);
  });

  it('checks the number of arguments at load', () => {
    expect(issues('abs(1, 2)')[0]?.message).toMatch(/abs takes 1 argument/);
    expect(issues('contains(event.name)')[0]?.message).toMatch(/contains takes 2 argument/);
    expect(issues('coalesce()')[0]?.message).toMatch(/coalesce takes 1 to 32/);
  });
});

describe('forbidden constructs are rejected with their position', () => {
  it.each([
    ['event.amount > 1 && foo(1)', 'event.amount > 1 && '.length, /unknown function 'foo'/],
    ['this.x > 1', 0, /'this' is not available/],
    ['event.amount > this', 'event.amount > '.length, /'this' is not available/],
    ['event.constructor', 'event.'.length, /'constructor' cannot be read/],
    ["event['__proto__'].x", 'event['.length, /'__proto__' cannot be read/],
    ['event.a.prototype', 'event.a.'.length, /'prototype' cannot be read/],
    ['event.name.toString()', 'event.name.'.length, /only these functions can be called/],
    ['process.exit(1)', 'process.'.length, /only these functions can be called/],
    ['require', 0, /unknown name 'require'/],
    ['x + 1', 0, /unknown name 'x'/],
    ['features', 0, /name a field under 'features'/],
    ['abs', 0, /'abs' is a function/],
    ['event.amount | 1', 'event.amount '.length, /operator '\|' is not allowed/],
    ['event.amount & 1', 'event.amount '.length, /did you mean &&/],
    ['event.amount ** 2', 'event.amount '.length, /operator '\*\*' is not allowed/],
    ['event.amount << 2', 'event.amount '.length, /operator '<<' is not allowed/],
    ['~event.amount', 0, /operator '~' is not allowed/],
    ['event.amount > 1; event.amount < 5', 'event.amount > 1; '.length, /one expression per condition/],
    ['(event.amount, 1)', 1 + 'event.amount, '.length, /comma sequences/],
    ['lists[event.channel]', 'lists['.length, /literal name or index/],
    ['[1, 2][0]', 0, /properties can only be read from the context/],
  ])('%s', (expr, index, message) => {
    const [issue] = issues(expr);
    expect(issue?.message).toMatch(message);
    expect(issue?.index).toBe(index);
  });

  it('reports syntax errors (assignment included) with the index jsep stopped at', () => {
    const [assign] = issues('event.amount = 5');
    expect(assign?.message).toMatch(/syntax error/);
    expect(assign?.index).toBe('event.amount '.length);
    expect(issues('event.amount >')[0]?.message).toMatch(/syntax error: Expected expression/);
    expect(issues("event.name == 'open")[0]?.message).toMatch(/Unclosed quote/);
    expect(issues('   ')[0]?.message).toMatch(/empty condition/);
  });

  it('reports every issue of a condition, not only the first', () => {
    expect(issues('foo(1) || bar(2) || event.constructor').map((i) => i.index)).toEqual([0, 10, 26]);
  });
});

describe('checks against the registry and the contracts', () => {
  const knownFeatures = ['enterprise.inflow_sum_7d'];
  it('rejects an unknown feature name when the registry is given', () => {
    const [issue] = issues("event.amount > 1 && features['enterprise.inflow_sum_7x'] > 0", { knownFeatures });
    expect(issue?.message).toMatch(/unknown feature 'enterprise.inflow_sum_7x'/);
    expect(issue?.index).toBe('event.amount > 1 && '.length);
    expect(issues('features.enterprise.inflow_7d > 0', { knownFeatures })[0]?.message).toMatch(/unknown feature 'enterprise.inflow_7d'/);
  });
  it('accepts any feature name without a registry, and known ones with it', () => {
    expect(compileExpression("features['anything.at_all'] > 0").ok).toBe(true);
    expect(compileExpression('features.enterprise.inflow_sum_7d > 0', { knownFeatures }).ok).toBe(true);
  });
  it('checks event paths against the topic contracts', () => {
    expect(compileExpression('event.identity.livenessPassed', { topics: ['applications'] }).ok).toBe(true);
    expect(issues('event.identity.livenesPassed', { topics: ['applications'] })[0]?.message).toMatch(/no field event.identity.livenesPassed in the contract of applications/);
    expect(issues('event.identity.livenessPassed', { topics: ['repayments'] })[0]?.message).toMatch(/contract of repayments/);
    // enterprise-updates is a union: a field of any kind is accepted.
    expect(compileExpression("event.kind == 'litigation_filed' && event.claimAmount > 0 && exists(event.subject.idNumber)", { topics: ['enterprise-updates'] }).ok).toBe(true);
    expect(compileExpression('event.direction == "out" || event.daysPastDue > 1', { topics: ['transactions', 'repayments'] }).ok).toBe(true);
  });
});

describe('result kinds', () => {
  it('types the result so the loader can refuse non-boolean conditions', () => {
    const kind = (e: string) => {
      const r = compileExpression(e);
      return r.ok ? r.kind : 'error';
    };
    expect(kind('event.amount > 1')).toBe('boolean');
    expect(kind('event.amount + 1')).toBe('number');
    expect(kind("'text'")).toBe('string');
    expect(kind('lists.device_black')).toBe('any');
    expect(kind('exists(event.amount)')).toBe('boolean');
    expect(kind('[1]')).toBe('array');
  });
});
