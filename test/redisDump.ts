/**
 * A comparable dump of everything Fengkong keeps in Redis, for "same state as an uninterrupted
 * run" checks: per key its content (hashes, sets, sorted sets, strings; HyperLogLogs by their
 * count, since their encoding depends on insertion order), without per-event vector caches.
 */
import { commandOptions, createClient } from 'redis';

export async function dumpRedis(url: string, skip: (key: string) => boolean = (k) => k.includes(':{v:')): Promise<Map<string, string>> {
  const client = createClient({ url });
  await client.connect();
  try {
    const out = new Map<string, string>();
    for await (const key of client.scanIterator({ COUNT: 1000 })) {
      if (skip(key)) continue;
      const type = await client.type(key);
      let value: string;
      if (type === 'hash') {
        const fields = await client.hGetAll(commandOptions({ returnBuffers: true }), key);
        value = JSON.stringify(Object.entries(fields).map(([f, v]) => [f, decodeValue(f, v)] as const).sort());
      }
      else if (type === 'set') value = JSON.stringify((await client.sMembers(key)).sort());
      else if (type === 'zset') value = JSON.stringify(await client.zRangeWithScores(key, 0, -1));
      else if (type === 'string') {
        const raw = await client.get(key);
        value = raw?.startsWith('HYLL') ? `hll:${await client.pfCount(key)}` : String(raw);
      } else value = `<${type}>`;
      out.set(key, normaliseFloats(value));
    }
    return out;
  } finally {
    await client.quit();
  }
}

/**
 * A hash field as text. The feature store keeps state as struct-packed binary
 * (features/lua/applyEntityEvent-3.lua): bucket fields (`b…`) as `<Hd` pairs (uint16 slot,
 * float64), bucket indexes (`i…`) as `<I4` lists, value fields as `<d` arrays; all are decoded to numbers rounded to 10 significant
 * digits. Anything printable is kept as text.
 */
function decodeValue(field: string, v: Buffer): string {
  const text = v.toString('utf8');
  if (v.length === 0 || /^[\x20-\x7e]*$/.test(text)) return text;
  const round = (x: number) => String(Number(x.toPrecision(10)));
  if (field.startsWith('b') && v.length % 10 === 0) {
    const pairs: string[] = [];
    for (let i = 0; i < v.length; i += 10) pairs.push(`${v.readUInt16LE(i)}:${round(v.readDoubleLE(i + 2))}`);
    // Slot order inside a bucket depends on which feature was touched first: compare as a set.
    return `hd[${pairs.sort().join(',')}]`;
  }
  if (field.startsWith('i') && v.length % 4 === 0) {
    const ids: number[] = [];
    for (let i = 0; i < v.length; i += 4) ids.push(v.readUInt32LE(i));
    return `i4[${ids.sort((a, b) => a - b).join(',')}]`;
  }
  if (v.length % 8 === 0) {
    const numbers: string[] = [];
    for (let i = 0; i < v.length; i += 8) numbers.push(round(v.readDoubleLE(i)));
    return `d[${numbers.join(',')}]`;
  }
  return `hex:${v.toString('hex')}`;
}

/**
 * Floating-point sums depend on the order events were added (across topics and partitions that
 * order is not fixed), so decimals are compared to 10 significant digits.
 */
export function normaliseFloats(text: string): string {
  return text.replace(/-?\d+\.\d+(?:[eE][+-]?\d+)?/g, (n) => String(Number(Number(n).toPrecision(10))));
}

/** Keys whose values differ, or that exist on one side only. */
export function diffDumps(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter((k) => a.get(k) !== b.get(k)).sort();
}

/** For the first `max` differing keys, the parts (hash fields or whole values) that differ, for assertion messages. */
export function explainDiff(a: Map<string, string>, b: Map<string, string>, max = 5): string {
  return diffDumps(a, b).slice(0, max).map((key) => {
    const [x, y] = [a.get(key), b.get(key)];
    if (x === undefined || y === undefined) return `${key}: only in ${x === undefined ? 'second' : 'first'}`;
    try {
      const fx = new Map(JSON.parse(x) as Array<[string, string]>);
      const fy = new Map(JSON.parse(y) as Array<[string, string]>);
      const fields = [...new Set([...fx.keys(), ...fy.keys()])].filter((f) => fx.get(f) !== fy.get(f));
      return `${key}: ${fields.slice(0, 6).map((f) => `${f}=${fx.get(f)}|${fy.get(f)}`).join(' ')}`;
    } catch {
      return `${key}: ${x.slice(0, 200)} | ${y.slice(0, 200)}`;
    }
  }).join('\n');
}
