import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelSet, type RejectEvent, type SwapEvent } from './modelSet.ts';
import { manifestFeatures, publish, scratchRoot, TOY, TOY_CHALLENGER_DIR, TOY_CHAMPION_DIR } from './__fixtures__/toyModels.ts';

let root: string;
let set: ModelSet | undefined;
let known: string[];

beforeEach(async () => {
  root = await scratchRoot();
  known = await manifestFeatures(TOY_CHAMPION_DIR);
});
afterEach(async () => {
  await set?.close();
  set = undefined;
  await rm(root, { recursive: true, force: true });
});

function next(s: ModelSet, event: 'swap'): Promise<SwapEvent>;
function next(s: ModelSet, event: 'rejected'): Promise<RejectEvent>;
function next(s: ModelSet, event: 'swap' | 'rejected'): Promise<SwapEvent | RejectEvent> {
  return new Promise((resolve) => s.once(event as 'swap', (e: SwapEvent | RejectEvent) => resolve(e)));
}

const row = { toy_amount: 52_000, toy_night: 1, toy_face_match: 0.41, toy_velocity_1h: 5 };

describe('ModelSet', () => {
  it('serves the newest champion and a newer challenger found on disk', async () => {
    await publish(root, TOY_CHAMPION_DIR, '1.0.0');
    await publish(root, TOY_CHAMPION_DIR, '0.9.0');
    await publish(root, TOY_CHALLENGER_DIR, '1.1.0');
    set = await ModelSet.open({ root, knownFeatures: known });
    expect(set.names).toEqual([TOY]);
    const [score] = await set.runner(TOY)!.score([row]);
    expect(score?.champion.version).toBe('1.0.0');
    expect(score?.challenger?.version).toBe('1.1.0');
  });

  it('falls back to the previous version when the newest one is refused', async () => {
    await publish(root, TOY_CHAMPION_DIR, '1.0.0');
    await publish(root, TOY_CHAMPION_DIR, '1.0.1', (m) => {
      m.features = ['toy_amount', 'not_in_registry', 'toy_face_match', 'toy_velocity_1h'];
    });
    const rejected: RejectEvent[] = [];
    set = await ModelSet.open({ root, knownFeatures: () => known });
    set.on('rejected', (e) => rejected.push(e));
    await set.refresh();
    expect(rejected.map((r) => r.dir)).toEqual([join(root, TOY, '1.0.1')]);
    expect(rejected[0]?.reason).toMatch(/not_in_registry/);
    expect(set.runner(TOY)?.pair.champion.manifest.version).toBe('1.0.0');
  });

  it('hot-swaps when a new version directory appears, and keeps serving through a bad one', async () => {
    await publish(root, TOY_CHAMPION_DIR, '1.0.0');
    set = await ModelSet.open({ root, knownFeatures: known, debounceMs: 20 });
    const runner = set.runner(TOY)!;
    expect(runner.pair.challenger).toBeUndefined();
    set.watch();

    let swapped = next(set, 'swap');
    await publish(root, TOY_CHALLENGER_DIR, '1.1.0');
    expect(await swapped).toEqual({ name: TOY, champion: '1.0.0', challenger: '1.1.0', previous: { champion: '1.0.0', challenger: null } });
    expect((await runner.score([row]))[0]?.challenger?.version).toBe('1.1.0');

    // Promotion: the challenger's model published again as champion 1.2.0; 1.1.0 is now older than the champion.
    swapped = next(set, 'swap');
    await publish(root, TOY_CHALLENGER_DIR, '1.2.0', (m) => {
      m.role = 'champion';
    });
    expect(await swapped).toMatchObject({ champion: '1.2.0', challenger: null });
    const [promoted] = await runner.score([row]);
    expect(promoted?.champion).toMatchObject({ version: '1.2.0', role: 'champion', status: 'ok' });
    expect(promoted?.challenger).toBeUndefined();

    // A corrupt upload is refused; the runner keeps 1.2.0.
    const rejected = next(set, 'rejected');
    const bad = await publish(root, TOY_CHAMPION_DIR, '1.3.0', undefined, async (staging) => {
      const onnx = await readFile(join(staging, 'model.onnx'));
      await writeFile(join(staging, 'model.onnx'), onnx.subarray(0, onnx.length - 10));
    });
    expect((await rejected).dir).toBe(bad);
    expect((await runner.score([row]))[0]?.champion.version).toBe('1.2.0');
  });

  it('rolls back when the version in force is removed', async () => {
    await publish(root, TOY_CHAMPION_DIR, '1.0.0');
    const newer = await publish(root, TOY_CHAMPION_DIR, '1.0.1');
    set = await ModelSet.open({ root, knownFeatures: known });
    expect(set.runner(TOY)?.pair.champion.manifest.version).toBe('1.0.1');
    await rm(newer, { recursive: true });
    await set.refresh();
    expect(set.runner(TOY)?.pair.champion.manifest.version).toBe('1.0.0');
  });
});
