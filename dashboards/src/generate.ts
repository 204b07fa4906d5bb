/**
 * `npm run dashboards`: writes every dashboard to dashboards/<uid>.json (the folder Grafana
 * provisions from, see deploy/grafana/provisioning/dashboards/fengkong.yaml). With `--check`,
 * writes nothing and fails when a file is missing or differs from what the code builds.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDashboards, dashboardJson } from './index.ts';

/** dashboards/, where the JSON lives. */
export const DASHBOARDS_DIR = fileURLToPath(new URL('..', import.meta.url));

export async function generate(options: { dir?: string; check?: boolean } = {}): Promise<{ written: string[]; stale: string[] }> {
  const dir = options.dir ?? DASHBOARDS_DIR;
  const written: string[] = [];
  const stale: string[] = [];
  for (const { uid, dashboard } of buildDashboards()) {
    const file = join(dir, `${uid}.json`);
    const text = dashboardJson(dashboard);
    if (options.check) {
      const current = await readFile(file, 'utf8').catch(() => null);
      if (current !== text) stale.push(file);
      continue;
    }
    await writeFile(file, text);
    written.push(file);
  }
  return { written, stale };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  const { written, stale } = await generate({ check });
  for (const f of written) console.log(`wrote ${f}`);
  if (stale.length > 0) {
    for (const f of stale) console.error(`stale: ${f} (run npm run dashboards)`);
    process.exitCode = 1;
  }
}
