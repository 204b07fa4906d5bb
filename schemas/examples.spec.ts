import { describe, expect, it } from 'vitest';
import { ENTERPRISE_UPDATE_EXAMPLES, EXAMPLE_ENTERPRISES, EXAMPLE_PEOPLE, EXAMPLES } from './examples.ts';
import { isValidResidentId, isValidUscc, mobileProblem } from './identifiers.ts';
import { TOPICS, type TopicName } from './topics.ts';
import { ENTERPRISE_UPDATE_KINDS } from './topics/enterpriseUpdate.ts';
import { describeIssues, validateEvent, validateRecord } from './validator.ts';

const TOPIC_NAMES = Object.keys(TOPICS) as TopicName[];

describe('example events', () => {
  it('there is one per topic and one per enterprise-update kind', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...TOPIC_NAMES].sort());
    expect(Object.keys(ENTERPRISE_UPDATE_EXAMPLES).sort()).toEqual(Object.keys(ENTERPRISE_UPDATE_KINDS).sort());
    for (const [kind, event] of Object.entries(ENTERPRISE_UPDATE_EXAMPLES)) expect(event.kind).toBe(kind);
  });

  it.each(TOPIC_NAMES)('%s example validates, as a value and as bytes', (topic) => {
    const result = validateEvent(topic, EXAMPLES[topic]);
    expect(result.ok, result.ok ? '' : describeIssues(result.issues)).toBe(true);
    expect(validateRecord(topic, Buffer.from(JSON.stringify(EXAMPLES[topic]))).ok).toBe(true);
  });

  it.each(Object.keys(ENTERPRISE_UPDATE_EXAMPLES))('enterprise-updates %s example validates', (kind) => {
    const event = ENTERPRISE_UPDATE_EXAMPLES[kind as keyof typeof ENTERPRISE_UPDATE_EXAMPLES];
    const result = validateRecord('enterprise-updates', JSON.stringify(event));
    expect(result.ok, result.ok ? '' : describeIssues(result.issues)).toBe(true);
  });

  it('uses well-formed identifiers with valid check characters', () => {
    for (const code of Object.values(EXAMPLE_ENTERPRISES)) expect(isValidUscc(code), code).toBe(true);
    for (const person of Object.values(EXAMPLE_PEOPLE)) {
      expect(isValidResidentId(person.idNumber), person.idNumber).toBe(true);
      expect(mobileProblem(person.phone), person.phone).toBeNull();
    }
  });

  it('event ids are unique, so the examples could be replayed together', () => {
    const ids = [...Object.values(EXAMPLES), ...Object.values(ENTERPRISE_UPDATE_EXAMPLES)].map((e) => e.eventId);
    // The enterprise-updates topic example is the registry_change example itself.
    expect(new Set(ids).size).toBe(ids.length - 1);
  });
});
