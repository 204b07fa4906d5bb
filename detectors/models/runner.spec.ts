import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadModel, type LoadedModel } from './loader.ts';
import { ModelRunner, toMatrix, type FeatureVector } from './runner.ts';
import { manifestFeatures, TOY_CHALLENGER_DIR, TOY_CHAMPION_DIR } from './__fixtures__/toyModels.ts';

interface Reference {
  features: string[];
  rows: (number | null)[][];
  probability: number[];
  logit: number[];
}

let known: string[];
let reference: Reference;
const opened: LoadedModel[] = [];

beforeAll(async () => {
  known = await manifestFeatures(TOY_CHAMPION_DIR);
  reference = JSON.parse(await readFile(join(TOY_CHAMPION_DIR, 'reference.json'), 'utf8')) as Reference;
});
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(opened.splice(0).map((m) => m.session.release().catch(() => undefined)));
});

async function open(dir: string): Promise<LoadedModel> {
  const model = await loadModel(dir, { knownFeatures: known });
  opened.push(model);
  return model;
}

/** Reference rows as the feature store would hand them over: by name, missing as null or absent. */
function referenceVectors(): FeatureVector[] {
  return reference.rows.map((row, r) =>
    Object.fromEntries(row.flatMap((v, c) => (v === null && r % 2 === 0 ? [] : [[reference.features[c] as string, v]]))),
  );
}

/** A deterministic batch of varied rows. */
function batch(n: number): FeatureVector[] {
  return Array.from({ length: n }, (_, i) => ({
    toy_amount: 1000 + ((i * 7919) % 90_000),
    toy_night: i % 3 === 0 ? 1 : 0,
    toy_face_match: i % 5 === 0 ? null : ((i * 37) % 100) / 100,
    toy_velocity_1h: i % 7,
  }));
}

describe('toMatrix', () => {
  it('lays rows out in manifest order and turns null, absent and non-finite values into NaN', () => {
    const m = toMatrix([{ b: 2, a: 1 }, { a: null, b: Number.POSITIVE_INFINITY }, {}], ['a', 'b']);
    expect(Array.from(m.subarray(0, 2))).toEqual([1, 2]);
    expect(Array.from(m.subarray(2)).every(Number.isNaN)).toBe(true);
  });
});

describe('ModelRunner', () => {
  it('reproduces the Python reference scores of the fixture rows', async () => {
    const runner = new ModelRunner({ champion: await open(TOY_CHAMPION_DIR) });
    const scores = await runner.score(referenceVectors());
    scores.forEach((s, r) => {
      expect(s.champion.status).toBe('ok');
      expect(Math.abs((s.champion.score as number) - (reference.probability[r] as number))).toBeLessThanOrEqual(1e-5);
    });
  });

  it('calls session.run once per batch, not once per event', async () => {
    const champion = await open(TOY_CHAMPION_DIR);
    const run = vi.spyOn(champion.session, 'run');
    const runner = new ModelRunner({ champion });
    const scores = await runner.score(batch(257));
    expect(scores).toHaveLength(257);
    expect(run).toHaveBeenCalledTimes(1);
    const feeds = run.mock.calls[0]?.[0] as Record<string, ort.Tensor>;
    expect(feeds.features?.dims).toEqual([257, 4]);
    await runner.score([]);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('shadow-scores the challenger on the same batch and records both', async () => {
    const champion = await open(TOY_CHAMPION_DIR);
    const challenger = await open(TOY_CHALLENGER_DIR);
    const championRun = vi.spyOn(champion.session, 'run');
    const challengerRun = vi.spyOn(challenger.session, 'run');
    const rows = batch(40);
    const both = await new ModelRunner({ champion, challenger }).score(rows);
    // The same challenger model scored on its own (promoted), for comparison.
    const alone = await new ModelRunner({ champion: { ...challenger, manifest: { ...challenger.manifest, role: 'champion' } } }).score(rows);
    expect(championRun).toHaveBeenCalledTimes(1);
    expect(challengerRun).toHaveBeenCalledTimes(2);
    both.forEach((s, i) => {
      expect(s.champion).toMatchObject({ model: 'toy_fraud', version: '1.0.0', role: 'champion', status: 'ok' });
      expect(s.challenger).toMatchObject({ model: 'toy_fraud', version: '1.1.0', role: 'challenger', status: 'ok' });
      expect(s.challenger?.score).toBe(alone[i]?.champion.score);
    });
    // Two different models: the recorded challenger is not a copy of the champion.
    expect(both.some((s) => s.challenger?.score !== s.champion.score)).toBe(true);
  });

  it('keeps the champion result when the challenger fails, and records the failure', async () => {
    const champion = await open(TOY_CHAMPION_DIR);
    const challenger = await open(TOY_CHALLENGER_DIR);
    vi.spyOn(challenger.session, 'run').mockRejectedValue(new Error('challenger exploded'));
    const scores = await new ModelRunner({ champion, challenger }).score(batch(5));
    for (const s of scores) {
      expect(s.champion.status).toBe('ok');
      expect(s.challenger).toEqual({ model: 'toy_fraud', version: '1.1.0', role: 'challenger', score: null, status: 'error', error: 'challenger exploded' });
    }
  });

  it('scores a failed champion run as error, not as a lost batch', async () => {
    const champion = await open(TOY_CHAMPION_DIR);
    vi.spyOn(champion.session, 'run').mockRejectedValue(new Error('out of memory'));
    const scores = await new ModelRunner({ champion }).score(batch(3));
    expect(scores.map((s) => [s.champion.status, s.champion.score, s.reasons.length])).toEqual([
      ['error', null, 0], ['error', null, 0], ['error', null, 0],
    ]);
  });

  it('gives reason codes whose contributions explain the log-odds, largest first', async () => {
    const champion = await open(TOY_CHAMPION_DIR);
    const rows = batch(60);
    const runner = new ModelRunner({ champion }, { reasonCount: 4 });
    const scores = await runner.score(rows);
    const matrix = toMatrix(rows, champion.manifest.features);
    const logits = (await champion.session.run({ features: new ort.Tensor('float32', matrix, [rows.length, 4]) })).logit?.data as Float32Array;
    scores.forEach((s, r) => {
      const magnitudes = s.reasons.map((x) => Math.abs(x.contribution as number));
      expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
      const { bias, contributions, logit } = champion.explainer.explain(matrix, r);
      // All four features are reasons here, so their contributions plus the bias are the log-odds.
      const sum = s.reasons.reduce((acc, x) => acc + (x.contribution as number), bias);
      expect(Math.abs(sum - (logits[r] as number))).toBeLessThan(1e-4);
      expect(Math.abs(logit - (logits[r] as number))).toBeLessThan(1e-4);
      expect(s.reasons).toHaveLength(contributions.filter((c) => Math.abs(c) >= 1e-6).length);
      for (const reason of s.reasons) {
        const input = rows[r]?.[reason.code];
        expect(reason.value).toBe(input === null || input === undefined ? null : Math.fround(input));
        expect(reason.description).toContain(reason.code);
      }
    });
    // The sigmoid of the logit is the score.
    expect(Math.abs(1 / (1 + Math.exp(-(logits[0] as number))) - (scores[0]?.champion.score as number))).toBeLessThan(1e-6);
  });

  it('swaps atomically: a batch in flight finishes on the old model, which is released afterwards', async () => {
    const v1 = await open(TOY_CHAMPION_DIR);
    const v2source = await open(TOY_CHALLENGER_DIR);
    const v2: LoadedModel = { ...v2source, manifest: { ...v2source.manifest, role: 'champion' } };
    const release = vi.spyOn(v1.session, 'release');
    const runner = new ModelRunner({ champion: v1 });
    let unblock: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (unblock = resolve));
    const realRun = v1.session.run.bind(v1.session);
    vi.spyOn(v1.session, 'run').mockImplementation(async (feeds) => {
      await gate;
      return realRun(feeds);
    });
    const inFlight = runner.score(batch(4));
    await runner.swap({ champion: v2 });
    expect(release).not.toHaveBeenCalled();
    const after = await runner.score(batch(4));
    expect(after.every((s) => s.champion.version === '1.1.0')).toBe(true);
    unblock();
    const before = await inFlight;
    expect(before.every((s) => s.champion.version === '1.0.0' && s.champion.status === 'ok')).toBe(true);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('refuses a pair whose champion is a challenger', async () => {
    const challenger = await open(TOY_CHALLENGER_DIR);
    expect(() => new ModelRunner({ champion: challenger })).toThrow(/not a champion/);
  });
});
