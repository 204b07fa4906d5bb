/**
 * The go-live load of registry data: one registry snapshot per enterprise, its shareholders,
 * officers and guarantees, as enterprise-updates in the first minutes of the first day. This is
 * the equity / officer / guarantee graph the graph detectors start from.
 */
import type { Rng } from './rng.ts';
import type { Enterprise, Person, World } from './world.ts';

const PROVIDER = 'sim-registry';
/** Spacing of the go-live load, so its events keep a stable order. */
const STEP_MS = 200;

const personRef = (p: Person, withPhone = false) =>
  withPhone ? { idNumber: p.idNumber, name: p.name, phone: p.phone } : { idNumber: p.idNumber, name: p.name };

/** Emits the registry snapshot, equity, officers and guarantees at the start. */
export function emitGraph(world: World): void {
  const { emitter } = world;
  let t = world.options.startMs;
  const next = (): number => (t += STEP_MS);
  for (const e of world.enterprises) {
    emitter.emit('enterprise-updates', next(), {
      enterpriseId: e.id, provider: PROVIDER, kind: 'registry_change',
      registeredName: e.name, registeredAddress: e.address, registeredPhone: e.phone,
      legalRepresentative: personRef(e.legalRep, true), registeredCapital: e.capital, status: 'active', industryCode: e.industry.code,
    });
    for (const h of e.shareholders) {
      const shareholder = h.person
        ? { type: 'person' as const, person: personRef(h.person) }
        : { type: 'enterprise' as const, enterpriseId: (h.enterprise as Enterprise).id };
      emitter.emit('enterprise-updates', next(), { enterpriseId: e.id, provider: PROVIDER, kind: 'equity_change', shareholder, sharePct: h.pct });
    }
    for (const o of e.officers) {
      emitter.emit('enterprise-updates', next(), {
        enterpriseId: e.id, provider: PROVIDER, kind: 'officer_change', officer: personRef(o.person), role: o.role, action: 'appointed',
      });
    }
  }
  const rng = world.rng.derive('guarantees');
  let g = 0;
  const guarantee = (guarantor: Enterprise, beneficiary: Enterprise, r: Rng): void => {
    const guaranteeId = `${world.emitter.runId}-G${++g}`;
    const amount = Math.round(r.lognormal(2_000_000, 0.6) / 10_000) * 10_000;
    const ms = next();
    emitter.emit('enterprise-updates', ms, {
      enterpriseId: guarantor.id, provider: PROVIDER, kind: 'guarantee', guaranteeId, role: 'guarantor',
      counterpartyEnterpriseId: beneficiary.id, amount, action: 'created',
    });
    emitter.emit('enterprise-updates', next(), {
      enterpriseId: beneficiary.id, provider: PROVIDER, kind: 'guarantee', guaranteeId, role: 'beneficiary',
      counterpartyEnterpriseId: guarantor.id, amount, action: 'created',
    });
  };
  for (const circle of world.circles) {
    circle.forEach((e, k) => guarantee(e, circle[(k + 1) % circle.length] as Enterprise, rng));
  }
  for (const [a, b] of world.guaranteePairs) guarantee(a, b, rng);
}
