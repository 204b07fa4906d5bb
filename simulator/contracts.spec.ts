/**
 * Everything the simulator writes is a valid input event: every line validates against its
 * topic's contract, files are in event-time order, ids are unique, balances chain, and
 * `fengkong validate --dir` accepts the directory.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateFile, topicOfFile } from '../cli/commands/validate.ts';
import { describeIssues, validateRecord } from '../schemas/validator.ts';
import { isValidResidentId, isValidUscc } from '../schemas/identifiers.ts';
import { SIM_TOPICS } from './emitter.ts';
import { simulate, type SimulationOutput } from './simulate.ts';
import { writeSimulation } from './write.ts';

let output: SimulationOutput;
let dir: string;

beforeAll(async () => {
  output = simulate({ seed: 11, days: 60, enterprises: 400 });
  dir = await mkdtemp(join(tmpdir(), 'fk-sim-contracts-'));
  await writeSimulation(dir, output);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('simulated events and the contracts', () => {
  it('validates every event of every topic', () => {
    const problems: string[] = [];
    for (const topic of SIM_TOPICS) {
      for (const event of output.events[topic]) {
        const result = validateRecord(topic, JSON.stringify(event));
        if (!result.ok && problems.length < 10) problems.push(`${topic} ${(event as { eventId: string }).eventId}: ${describeIssues(result.issues)}`);
      }
    }
    expect(problems).toEqual([]);
    // Every enterprise-update kind the graph and warning model needs is present.
    const kinds = new Set(output.events['enterprise-updates'].map((u) => u.kind));
    for (const k of ['registry_change', 'equity_change', 'officer_change', 'guarantee', 'invoice_summary', 'litigation_filed', 'bureau_score_change']) expect(kinds).toContain(k);
    const repaymentKinds = new Set(output.events.repayments.map((r) => r.kind));
    for (const k of ['loan_opened', 'installment_due', 'paid', 'missed', 'dpd_update']) expect(repaymentKinds).toContain(k);
  });

  it('passes `fengkong validate --dir` on the written files', async () => {
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([...SIM_TOPICS.map((t) => `${t}.jsonl`), 'truth.json'].sort());
    let invalid = 0;
    let valid = 0;
    for (const file of files) {
      const topic = topicOfFile(file);
      if (!topic) continue;
      const s = await validateFile(topic, join(dir, file), () => undefined);
      invalid += s.invalid;
      valid += s.valid;
    }
    expect(invalid).toBe(0);
    expect(valid).toBe(SIM_TOPICS.reduce((n, t) => n + output.events[t].length, 0));
  });

  it('keeps each file in event-time order with unique event ids', () => {
    const ids = new Set<string>();
    const problems: string[] = [];
    for (const topic of SIM_TOPICS) {
      let last = -Infinity;
      for (const event of output.events[topic] as Array<{ eventTime: string; eventId: string }>) {
        const t = Date.parse(event.eventTime);
        if (t < last) problems.push(`${event.eventId} is out of order`);
        if (ids.has(event.eventId)) problems.push(`${event.eventId} is duplicated`);
        last = t;
        ids.add(event.eventId);
      }
    }
    expect(problems).toEqual([]);
  });

  it('emits only the go-live history before the start, and nothing after the end', () => {
    const { startMs, endMs } = output.options;
    const problems: string[] = [];
    for (const topic of SIM_TOPICS) {
      for (const event of output.events[topic] as Array<{ eventTime: string; eventId: string; kind?: string }>) {
        const t = Date.parse(event.eventTime);
        if (t >= endMs) problems.push(`${event.eventId} after the end`);
        if (t < startMs && event.kind !== 'invoice_summary' && event.kind !== 'loan_opened') problems.push(`${event.eventId} (${event.kind}) before the start`);
      }
    }
    expect(problems).toEqual([]);
    // The history is there: invoice summaries for the previous year and the back-book's disbursements.
    expect(output.events['enterprise-updates'].some((u) => Date.parse(u.eventTime) < startMs - 300 * 86_400_000)).toBe(true);
    expect(output.events.repayments.some((r) => r.kind === 'loan_opened' && Date.parse(r.eventTime) < startMs)).toBe(true);
  });

  it('chains account balances and never overdraws', () => {
    const last = new Map<string, number>();
    const problems: string[] = [];
    for (const t of output.events.transactions) {
      const prev = last.get(t.accountId);
      const before = t.balanceBefore ?? Number.NaN;
      if (prev !== undefined && Math.abs(before - prev) > 0.005) problems.push(`${t.eventId}: balanceBefore ${before}, previous balanceAfter ${prev}`);
      const expected = before + (t.direction === 'in' ? t.amount : -t.amount);
      if (Math.abs(t.balanceAfter - expected) > 0.011) problems.push(`${t.eventId}: balanceAfter ${t.balanceAfter}, expected ${expected}`);
      if (t.balanceAfter < 0) problems.push(`${t.eventId}: overdrawn`);
      last.set(t.accountId, t.balanceAfter);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('uses valid credit codes and resident IDs throughout, with realistic birth dates', () => {
    const problems: string[] = [];
    for (const u of output.events['enterprise-updates']) {
      if (!isValidUscc(u.enterpriseId)) problems.push(u.enterpriseId);
      if (u.kind === 'registry_change' && u.legalRepresentative) {
        const id = u.legalRepresentative.idNumber;
        const year = Number(id.slice(6, 10));
        if (!isValidResidentId(id) || year < 1940 || year > 2008) problems.push(id);
      }
    }
    expect(problems).toEqual([]);
  });

  it('refers only to loans, applications and events that exist', () => {
    const loans = new Set(output.events.repayments.filter((r) => r.kind === 'loan_opened').map((r) => r.loanId));
    const apps = new Set(output.events.applications.map((a) => a.applicationId));
    const txns = new Set(output.events.transactions.map((t) => t.eventId));
    const problems: string[] = [];
    for (const r of output.events.repayments) if (!loans.has(r.loanId)) problems.push(`${r.eventId} -> ${r.loanId}`);
    for (const t of output.events.transactions) if (t.loanId && !loans.has(t.loanId)) problems.push(`${t.eventId} -> ${t.loanId}`);
    for (const l of output.events.labels) {
      if (l.loanId && !loans.has(l.loanId)) problems.push(`${l.eventId} -> ${l.loanId}`);
      if (l.refEventId && !txns.has(l.refEventId)) problems.push(`${l.eventId} -> ${l.refEventId}`);
      if (l.applicationId && !l.loanId && !apps.has(l.applicationId)) problems.push(`${l.eventId} -> ${l.applicationId}`);
    }
    expect(problems).toEqual([]);
    expect(output.events.labels.length).toBeGreaterThan(0);
  });
});
