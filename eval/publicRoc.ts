/**
 * The ROC chart of the public-data evaluation (docs/public-roc.png): Chart.js (chart.js 4, MIT,
 * inlined from node_modules, as feedback/report does) draws the curves in a self-contained page,
 * and Debian's headless Chromium (through playwright-core) screenshots the canvas. The page needs
 * nothing from the network; every request is refused.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.FENGKONG_CHROMIUM ?? '/usr/bin/chromium';

export interface RocSeries {
  /** Legend text, e.g. `SBA national, without Term — AUC 0.645`. */
  readonly label: string;
  readonly points: ReadonlyArray<{ readonly fpr: number; readonly tpr: number }>;
  /** Dashed line (e.g. the with-Term challenger). */
  readonly dashed?: boolean;
}

/** JSON safe inside <script>: no `</script>`, no HTML comment openers. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

function chartJsSource(): string {
  // The package's exports hide dist/; resolve its main file and read the UMD bundle beside it.
  const main = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8');
}

const DRAW = String.raw`
(function () {
  const input = JSON.parse(document.getElementById('roc-data').textContent);
  const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  const datasets = input.series.map((s, i) => ({
    label: s.label, data: s.points.map((p) => ({ x: p.fpr, y: p.tpr })), showLine: true, pointRadius: 0, borderWidth: 2,
    borderColor: palette[i % palette.length], borderDash: s.dashed ? [6, 4] : [], fill: false,
  }));
  datasets.push({ label: 'chance', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], showLine: true, pointRadius: 0, borderColor: '#999', borderDash: [3, 3], borderWidth: 1, fill: false });
  try {
    new Chart(document.getElementById('roc'), {
      type: 'scatter',
      data: { datasets },
      options: {
        animation: false, responsive: false,
        plugins: { title: { display: true, text: input.title, font: { size: 15 } }, legend: { position: 'bottom', labels: { boxWidth: 28 } } },
        scales: {
          x: { type: 'linear', min: 0, max: 1, title: { display: true, text: 'false-positive rate' } },
          y: { type: 'linear', min: 0, max: 1, title: { display: true, text: 'true-positive rate (recall)' } },
        },
      },
    });
    document.body.dataset.drawn = '1';
  } catch (e) {
    document.body.dataset.error = e && e.message ? e.message : String(e);
  }
})();
`;

/** The self-contained page drawing the chart. */
export function rocPage(title: string, series: readonly RocSeries[], size = { width: 900, height: 640 }): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${title.replace(/[<&]/g, '')}</title>
<style>body { margin: 0; background: #fff; font-family: sans-serif; }</style></head>
<body>
<canvas id="roc" width="${size.width}" height="${size.height}"></canvas>
<script id="roc-data" type="application/json">${scriptJson({ title, series })}</script>
<script>${chartJsSource().replace(/<\/script/gi, '<\\/script')}</script>
<script>${DRAW}</script>
</body></html>
`;
}

/** Draws the chart in headless Chromium and writes the canvas as PNG to `outFile`. */
export async function renderRocPng(title: string, series: readonly RocSeries[], outFile: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 920, height: 660 } });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(rocPage(title, series), { waitUntil: 'load' });
    await page.waitForSelector('body[data-drawn], body[data-error]', { timeout: 30_000 });
    const error = await page.getAttribute('body', 'data-error');
    if (error) throw new Error(`the ROC chart failed to draw: ${error}`);
    await writeFile(outFile, await page.locator('#roc').screenshot());
  } finally {
    await browser.close();
  }
}
