import type { Command } from 'commander';
import { loadConfig } from '../../lib/config.ts';
import { ClickHouseQueryError } from '../../pipelines/clickhouse/errors.ts';
import { createClickHouse, describeClickHouse } from '../../pipelines/clickhouse/createClickHouse.ts';
import { prospectCounts, topProspects, type ProspectListRow } from '../../pipelines/prospects/readProspects.ts';
import { PRODUCTS } from '../../schemas/topics/application.ts';

interface ProspectsOptions {
  top: string;
  product?: string;
  lang: string;
  json?: boolean;
}

const cny = (x: number | null): string => (x === null ? '-' : `¥${Math.round(x).toLocaleString('en-US')}`);
const growth = (g: number | null): string => (g === null ? '-' : `${g >= 0 ? '+' : ''}${((Math.exp(g) - 1) * 100).toFixed(0)}%`);

/** The list as text: one line per enterprise, then its reasons indented (pure, for tests). */
export function formatProspects(rows: readonly ProspectListRow[], lang: 'en' | 'zh'): string {
  const lines: string[] = [];
  rows.forEach((r, i) => {
    const band = r.forecastMedian === null ? '-' : `${cny(r.forecastMedian)} (${cny(r.forecastLower)}–${cny(r.forecastUpper)})`;
    lines.push([
      String(i + 1).padStart(3), r.enterpriseId, r.name || '-', `score ${r.score.toFixed(1)}`, r.product, `limit ${cny(r.indicativeLimit)}`,
      `growth ${growth(r.growth)}`, `next quarter ${r.forecastFrom}..${r.forecastTo} ${band}`,
    ].join('  '));
    for (const reason of r.reasons) lines.push(`       - ${reason[lang]}`);
  });
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/** `fengkong prospects --top <n>`: the prospect list from ClickHouse, each row with its reasons. */
export function registerProspects(program: Command): void {
  program
    .command('prospects')
    .description('list the best pre-loan prospects (growing, creditworthy enterprises) with the recommended product, indicative limit and reasons, from ClickHouse (chdb under ./data by default)')
    .option('--top <n>', 'how many', '20')
    .option('--product <product>', `only one product (${PRODUCTS.join(', ')})`)
    .option('--lang <lang>', 'language of the reasons: en or zh', 'en')
    .option('--json', 'one JSON object per line instead of text')
    .action(async (opts: ProspectsOptions) => {
      const top = Number(opts.top);
      if (!Number.isInteger(top) || top < 1 || top > 100_000) {
        console.error(`fengkong prospects: --top must be a whole number from 1 to 100000, got '${opts.top}'`);
        process.exitCode = 2;
        return;
      }
      if (opts.lang !== 'en' && opts.lang !== 'zh') {
        console.error(`fengkong prospects: --lang must be en or zh, got '${opts.lang}'`);
        process.exitCode = 2;
        return;
      }
      if (opts.product !== undefined && !(PRODUCTS as readonly string[]).includes(opts.product)) {
        console.error(`fengkong prospects: --product must be one of ${PRODUCTS.join(', ')}, got '${opts.product}'`);
        process.exitCode = 2;
        return;
      }
      const config = loadConfig();
      const client = createClickHouse(config);
      try {
        const rows = await topProspects(client, { top, ...(opts.product ? { product: opts.product } : {}) });
        const counts = await prospectCounts(client);
        if (opts.json) for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
        else process.stdout.write(formatProspects(rows, opts.lang));
        const asOf = rows[0]?.asOf;
        console.error(`${rows.length} of ${counts.eligible} prospects (${counts.enterprises} enterprises evaluated)${asOf ? `, data as of ${asOf} UTC` : ''}, from ${describeClickHouse(config)}`);
        if (counts.enterprises === 0) console.error('no enterprise evaluated yet: run the pipeline first (npx fengkong start, or replay), which feeds prospect discovery');
      } catch (error) {
        if (error instanceof ClickHouseQueryError && error.clickhouseCode === 60) {
          console.error(`fengkong prospects: the prospects table does not exist in ${describeClickHouse(config)}; run \`npx fengkong migrate\` (or start the pipeline, which migrates)`);
          process.exitCode = 1;
          return;
        }
        throw error;
      } finally {
        await client.close();
      }
    });
}
