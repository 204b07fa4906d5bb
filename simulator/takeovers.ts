/**
 * Transaction fraud and its look-alikes. Account takeover: at night, a burst of 2-6 mobile
 * transfers to new personal (mule) accounts empties most of a healthy firm's balance. Look-alike:
 * an owner's genuine late-night transfer to a supplier — the kind of event an investigator later
 * labels a false positive.
 */
import { personalAccount, personName } from './identity.ts';
import { atCst, DAY, dayFloor, MINUTE } from './time.ts';
import type { World } from './world.ts';

/** Look-alike night transfers per account over 90 days. */
const NIGHT_TRANSFER_PER_90D = 0.015;

export function planTakeovers(world: World): void {
  const { params, startMs, endMs, days } = world.options;
  const scale = days / 90;
  let caseId = 0;
  for (const account of world.accounts) {
    const e = account.enterprise;
    if (account.kind !== 'own' || e.fate !== 'healthy') continue;
    const rng = world.rng.derive('takeover', account.index);
    const from = Math.max(startMs, dayFloor(account.openedMs) + DAY);
    if (from >= endMs) continue;
    const dayIn = (): number => from + Math.floor(rng.range(0, (endMs - from) / DAY)) * DAY;
    if (rng.chance(params.accountTakeoverPer90d * scale)) {
      caseId++;
      // 00:30-04:30 China time, which is the evening of the same UTC day.
      let t = atCst(dayIn(), rng.range(24.5, 28.5));
      const n = rng.int(2, 6);
      const mules = Array.from({ length: rng.int(1, 3) }, () => ({ name: personName(rng, rng.chance(0.6)), account: personalAccount(rng), enterpriseId: null }));
      for (let i = 0; i < n; i++) {
        account.scheduled.push({
          ms: t, direction: 'out', channel: 'mobile', amount: { balanceShare: i === n - 1 ? rng.range(0.6, 0.95) : rng.range(0.2, 0.45) },
          counterparty: rng.pick(mules), tag: 'ato', fraudCaseId: caseId,
        });
        t += rng.int(2, 15) * MINUTE;
      }
    }
    if (rng.chance(NIGHT_TRANSFER_PER_90D * scale)) {
      account.scheduled.push({
        ms: atCst(dayIn(), rng.range(23, 24.5)), direction: 'out', channel: 'mobile', amount: { balanceShare: rng.range(0.4, 0.8) },
        counterparty: rng.pick(e.suppliers), tag: 'night_legit',
      });
    }
  }
}
