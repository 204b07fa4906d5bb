import calculateSlot from 'cluster-key-slot';
import { describe, expect, it } from 'vitest';
import { ENTITY_TYPES } from './entities.ts';
import { FeatureKeys } from './keys.ts';

const keys = new FeatureKeys('fk');

describe('feature keys for Redis Cluster', () => {
  it('puts every key one entity call touches in one slot', () => {
    for (const entity of ENTITY_TYPES) {
      for (const id of ['91350100MA0000001X', 'pii_0123456789abcdef0123456789abcdef', '10.0.0.1', 'dev{ice}-7', 'a:b.c']) {
        const k = keys.entity(entity, id, 'v1');
        const slot = calculateSlot(k.state);
        // The Lua function derives HyperLogLog keys by appending to the prefix.
        for (const key of [k.dedup, `${k.hllPrefix}3_1_20480`, `${k.hllPrefix}u3_2`, `${k.hllPrefix}4_a`]) expect(calculateSlot(key)).toBe(slot);
        expect(calculateSlot(`${keys.profileSchemaName(entity)}:${keys.profileId(entity, id)}`)).toBe(slot);
      }
    }
  });

  it('spreads entities over the slots', () => {
    const slots = new Set<number>();
    for (let i = 0; i < 1000; i++) slots.add(calculateSlot(keys.entity('account', `pii_${i.toString(16).padStart(32, '0')}`, 'v1').state));
    expect(slots.size).toBeGreaterThan(900);
  });

  it('keeps ids with braces apart instead of cutting the hash tag short', () => {
    const a = keys.entity('device', 'dev}one', 'v1').state;
    const b = keys.entity('device', 'dev}two', 'v1').state;
    expect(a).not.toBe(b);
    expect(calculateSlot(a)).not.toBe(calculateSlot(b));
    expect(keys.entity('device', 'dev}one', 'v1').state).toBe(a);
  });

  it('versions state keys by plan, so a changed registry starts new state', () => {
    expect(keys.entity('loan', 'l1', 'aaa').state).not.toBe(keys.entity('loan', 'l1', 'bbb').state);
    expect(keys.entity('loan', 'l1', 'aaa').dedup).toBe(keys.entity('loan', 'l1', 'bbb').dedup);
  });
});
