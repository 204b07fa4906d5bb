/**
 * The super-node checks both stores must pass (memory unit spec, Redis integration spec).
 * The first two are the done-criterion: a traversal that meets a 100,000-edge node answers within
 * its configured budget and says it was truncated. The budget is generous next to the real cost
 * (milliseconds), so a busy machine does not make the test flaky; what makes it hold is that the
 * hub is never read (one ZCARD) or read only up to the node budget.
 */
import { expect, it } from 'vitest';
import { KnowledgeGraph } from './knowledgeGraph.ts';
import type { GraphStore } from './store.ts';
import type { SuperNodeScenario } from './superNodeFixture.ts';

const BUDGET_MS = 2_000;

export function superNodeCases(get: () => { store: GraphStore; scenario: SuperNodeScenario }): void {
  it('answers within its budget, skips the hub, says it was truncated, and still finds the real link', async () => {
    const { store, scenario } = get();
    const kg = new KnowledgeGraph(store, { superNodeDegree: 500, linkedGroup: { maxHops: 3, maxNodes: 2_000, maxMillis: BUDGET_MS } });
    const group = await kg.linkedGroup(scenario.probePerson);
    expect(group.elapsedMs).toBeLessThanOrEqual(BUDGET_MS);
    expect(group.truncated).toBe(true);
    expect(group.truncatedBy).toEqual(['super_node']);
    expect(group.superNodesSkipped).toEqual([scenario.hub]);
    expect(group.members.map((m) => m.node)).toContain(scenario.accomplice);
    expect(group.size).toBeLessThan(20);
  });

  it('with the guard lifted, stops at maxNodes within its budget and says so', async () => {
    const { store, scenario } = get();
    const kg = new KnowledgeGraph(store, { superNodeDegree: 1e9, linkedGroup: { maxHops: 3, maxNodes: 1_000, maxMillis: BUDGET_MS } });
    const group = await kg.linkedGroup(scenario.probePerson);
    expect(group.elapsedMs).toBeLessThanOrEqual(BUDGET_MS);
    expect(group.truncatedBy).toContain('max_nodes');
    expect(group.size).toBeLessThanOrEqual(1_000);
  });

  it('caps the shared-IP count of an application on the hub and marks every check truncated', async () => {
    const { store, scenario } = get();
    const kg = new KnowledgeGraph(store, { superNodeDegree: 500, linkedGroup: { maxHops: 3, maxNodes: 2_000, maxMillis: BUDGET_MS } });
    const [result] = await kg.checkApplications([scenario.probe]);
    expect(result?.shared.ip).toMatchObject({ applicants: 500, capped: true });
    expect(result?.signals).toMatchObject({
      sharedIpApplicants: 500, sharedCountsCapped: true, truncated: true, superNodesSkipped: 1, sharedDeviceApplicants: 1, linkedFlaggedCount: 1,
    });
    expect(result?.risk.contributions[0]?.node).toBe(scenario.fraudApp);
  });
}
