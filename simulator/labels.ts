/**
 * Outcome labels, arriving after the facts as they do in a bank: a default label some days after
 * a loan reaches 90 days past due; fraud confirmed weeks after the first missed payment (ring,
 * impersonation, bust-out) or days after a customer's complaint (account takeover); and
 * false-positive verdicts on legitimate look-alikes. Labels due after the window are not emitted.
 */
import type { Rng } from './rng.ts';
import { atCst, DAY, dayFloor, iso } from './time.ts';
import type { World } from './world.ts';

export function emitLabels(world: World): void {
  const { params } = world.options;
  const rng = world.rng.derive('labels');
  let n = 0;
  const labelId = (): string => `${world.emitter.runId}-LB${++n}`;
  const later = (r: Rng, fromMs: number, [lo, hi]: readonly [number, number]): number => atCst(dayFloor(fromMs) + r.int(lo, hi) * DAY, r.range(9, 18));

  for (const loan of world.loans) {
    const r = rng.derive('loan', loan.index);
    const refs = {
      loanId: loan.id, enterpriseId: loan.enterprise.id,
      ...(loan.application ? { applicationId: loan.application.id, originatorId: loan.application.originatorId } : {}),
    };
    if (loan.defaultMs !== null) {
      world.emitter.emit('labels', later(r, loan.defaultMs, params.defaultLabelDelayDays), {
        labelId: labelId(), kind: 'default', ...refs, occurredAt: iso(loan.defaultMs),
      });
    }
    if (loan.kind !== 'regular' && loan.firstMissedDueMs !== null) {
      // Impersonation surfaces fast (the real owner is contacted); rings and bust-outs after collections fail.
      const at = loan.kind === 'identity'
        ? later(r, loan.openedMs, [10, 40])
        : later(r, loan.firstMissedDueMs, params.fraudLabelDelayDays);
      const occurred = loan.kind === 'bust_out' ? loan.enterprise.vanishMs ?? loan.openedMs : (loan.application?.ms ?? loan.openedMs);
      world.emitter.emit('labels', at, { labelId: labelId(), kind: 'fraud_confirmed', fraudType: loan.kind, ...refs, occurredAt: iso(occurred) });
    }
  }

  for (const app of world.applications) {
    if (app.fraudType === null || app.loan !== null) continue;
    const r = rng.derive('app', app.index);
    // Declined (or not yet disbursed) fraud: some is confirmed when the ring is investigated.
    const share = app.fraudType === 'ring' ? params.declinedRingConfirmShare : app.fraudType === 'identity' ? 0.3 : 0;
    if (!r.chance(share)) continue;
    world.emitter.emit('labels', later(r, app.ms, [20, 60]), {
      labelId: labelId(), kind: 'fraud_confirmed', fraudType: app.fraudType, applicationId: app.id, enterpriseId: app.enterprise.id, originatorId: app.originatorId, occurredAt: iso(app.ms),
    });
  }

  const caseDelay = new Map<number, number>();
  for (const t of world.fraudTxns) {
    if (t.kind !== 'account_takeover') continue;
    const r = rng.derive('txn', t.eventId);
    const caseId = t.caseId ?? 0;
    // One complaint per case: every transaction of the takeover is confirmed together.
    let at = caseDelay.get(caseId);
    if (at === undefined) {
      at = later(r, t.ms, params.transactionFraudLabelDelayDays);
      caseDelay.set(caseId, at);
    }
    world.emitter.emit('labels', at, {
      labelId: labelId(), kind: 'fraud_confirmed', fraudType: 'transaction', refEventId: t.eventId, enterpriseId: t.enterprise.id, occurredAt: iso(t.ms),
    });
  }

  for (const [i, look] of world.lookAlikes.entries()) {
    const r = rng.derive('look-alike', i);
    if (!r.chance(params.falsePositiveLabelShare)) continue;
    world.emitter.emit('labels', later(r, look.ms, [3, 25]), {
      labelId: labelId(), kind: 'false_positive', enterpriseId: look.enterprise.id,
      ...(look.refEventId ? { refEventId: look.refEventId } : {}),
      ...(look.applicationId ? { applicationId: look.applicationId } : {}),
      occurredAt: iso(look.ms),
    });
  }
}
