/** Small rule-set texts for the manager, watcher and channel tests. */

/** A valid set whose single rule hits applications asking for more than `threshold`. */
export function ruleSetText(version: string, threshold = 100_000, name = 'demo'): string {
  return [
    `ruleSet: ${name}`,
    `version: "${version}"`,
    'appliesTo: [applications]',
    'rules:',
    '  - id: big_amount',
    '    description: Requested amount above the threshold',
    `    when: event.requestedAmount > ${threshold}`,
    '    severity: medium',
    '    points: 10',
    '    action: review',
    '    reasonCode: BIG_AMOUNT',
    '',
  ].join('\n');
}

/** A set with a syntax error in the condition on line 7 (column of the stray `)`). */
export const BROKEN_RULE_SET = [
  'ruleSet: demo',
  'version: "broken"',
  'appliesTo: [applications]',
  'rules:',
  '  - id: big_amount',
  '    description: Requested amount above the threshold',
  '    when: event.requestedAmount > 5)',
  '    severity: medium',
  '    points: 10',
  '    action: review',
  '    reasonCode: BIG_AMOUNT',
  '',
].join('\n');
/** Where the stray `)` of BROKEN_RULE_SET is. */
export const BROKEN_AT = { line: 7, col: '    when: event.requestedAmount > 5'.length + 1 };
