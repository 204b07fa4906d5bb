/**
 * The model report as one self-contained HTML page: the data as inline JSON and Chart.js
 * (chart.js 4, MIT, inlined from node_modules/chart.js/dist/chart.umd.min.js) drawing ROC, KS,
 * calibration, PSI over time, champion vs. challenger and label maturity. No request leaves
 * the page, so it opens from a mail attachment or an air-gapped share.
 *
 * When every chart has been drawn the page sets `data-charts-drawn` on <body> to the number
 * drawn (and `data-chart-errors` if one failed), which the browser test waits for.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ModelReportData } from './modelReportData.ts';

/** The ids of the charts the page draws, in page order. */
export const REPORT_CHARTS = ['roc', 'ks', 'calibration', 'psi', 'champion-challenger', 'monthly-auc', 'maturity'] as const;

let chartJs: string | undefined;
/** Chart.js's UMD bundle (resolved through the package, whose exports hide dist/). */
function chartJsSource(): string {
  if (chartJs === undefined) {
    const main = createRequire(import.meta.url).resolve('chart.js');
    chartJs = readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8');
  }
  return chartJs;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
/** JSON safe inside <script>: no `</script>`, no HTML comment openers. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** The browser-side drawing code (plain ES2020, runs after Chart.js). */
const DRAW = String.raw`
(function () {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  const label = (v) => v.version + ' (' + v.role + ')';
  const dash = (v) => (v.role === 'challenger' ? [6, 4] : []);
  const diagonal = { label: 'random / perfect calibration', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], borderColor: '#999', borderDash: [3, 3], pointRadius: 0, showLine: true, fill: false };
  const base = (title, x, y) => ({
    animation: false,
    responsive: false,
    plugins: { title: { display: true, text: title }, legend: { position: 'bottom' } },
    scales: { x: { title: { display: true, text: x } }, y: { title: { display: true, text: y } } },
  });
  const linear = (opts, xmin, xmax, ymin, ymax) => {
    opts.scales.x.type = 'linear';
    if (xmin !== undefined) { opts.scales.x.min = xmin; opts.scales.x.max = xmax; }
    if (ymin !== undefined) { opts.scales.y.min = ymin; opts.scales.y.max = ymax; }
    return opts;
  };
  const charts = {
    roc: () => ({
      type: 'scatter',
      data: { datasets: data.versions.map((v, i) => ({ label: label(v) + ' AUC ' + (v.auc === null ? '–' : v.auc.toFixed(3)), data: v.roc.map((p) => ({ x: p.fpr, y: p.tpr })), showLine: true, pointRadius: 0, borderColor: palette[i % palette.length], borderDash: dash(v), fill: false })).concat([diagonal]) },
      options: linear(base('ROC curve (matured labels)', 'false-positive rate', 'true-positive rate'), 0, 1, 0, 1),
    }),
    ks: () => ({
      type: 'scatter',
      data: { datasets: data.versions.flatMap((v, i) => [
        { label: label(v) + ' bads', data: v.ksCurve.map((p) => ({ x: p.score, y: p.bad })), showLine: true, pointRadius: 0, borderColor: palette[(2 * i) % palette.length], borderDash: dash(v) },
        { label: label(v) + ' goods', data: v.ksCurve.map((p) => ({ x: p.score, y: p.good })), showLine: true, pointRadius: 0, borderColor: palette[(2 * i + 1) % palette.length], borderDash: dash(v) },
      ]) },
      options: linear(base('KS: cumulative score distribution of bads and goods', 'score', 'cumulative share'), 0, 1, 0, 1),
    }),
    calibration: () => ({
      type: 'scatter',
      data: { datasets: data.versions.map((v, i) => ({ label: label(v), data: v.calibration.map((b) => ({ x: b.meanPredicted, y: b.observedBadRate })), showLine: true, pointRadius: 3, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], borderDash: dash(v) })).concat([diagonal]) },
      options: linear(base('Calibration by score bin (tenths)', 'mean predicted score', 'observed bad rate'), 0, 1, 0, 1),
    }),
    psi: () => {
      const weeks = Array.from(new Set(data.versions.flatMap((v) => v.psi.map((p) => p.week)))).sort();
      return {
        type: 'line',
        data: { labels: weeks, datasets: data.versions.map((v, i) => {
          const byWeek = new Map(v.psi.map((p) => [p.week, p.psi]));
          return { label: label(v), data: weeks.map((w) => (byWeek.has(w) ? byWeek.get(w) : null)), borderColor: palette[i % palette.length], borderDash: dash(v), pointRadius: 2, spanGaps: true };
        }) },
        options: base('Score PSI per week vs. the first two weeks', 'week (Monday)', 'PSI'),
      };
    },
    'champion-challenger': () => ({
      type: 'bar',
      data: { labels: data.versions.map(label), datasets: [
        { label: 'AUC', data: data.versions.map((v) => v.auc), backgroundColor: palette[0] },
        { label: 'KS', data: data.versions.map((v) => v.ks), backgroundColor: palette[1] },
      ] },
      options: base('Champion vs. challenger (matured labels)', 'version', 'value'),
    }),
    'monthly-auc': () => {
      const months = Array.from(new Set(data.versions.flatMap((v) => v.monthly.map((m) => m.month)))).sort();
      return {
        type: 'line',
        data: { labels: months, datasets: data.versions.map((v, i) => {
          const byMonth = new Map(v.monthly.map((m) => [m.month, m.auc]));
          return { label: label(v), data: months.map((m) => (byMonth.has(m) ? byMonth.get(m) : null)), borderColor: palette[i % palette.length], borderDash: dash(v), spanGaps: true };
        }) },
        options: base('AUC by month of decision', 'month', 'AUC'),
      };
    },
    maturity: () => {
      const opts = base('Label maturity of the champion\'s rows by month of decision', 'month', 'rows');
      opts.scales.x.stacked = true;
      opts.scales.y.stacked = true;
      return {
        type: 'bar',
        data: { labels: data.maturity.map((m) => m.month), datasets: [
          { label: 'bad', data: data.maturity.map((m) => m.bad), backgroundColor: '#d62728' },
          { label: 'good', data: data.maturity.map((m) => m.good), backgroundColor: '#2ca02c' },
          { label: 'immature', data: data.maturity.map((m) => m.immature), backgroundColor: '#bbbbbb' },
        ] },
        options: opts,
      };
    },
  };
  let drawn = 0;
  const errors = [];
  for (const id of Object.keys(charts)) {
    try {
      new Chart(document.getElementById('chart-' + id), charts[id]());
      drawn++;
    } catch (e) {
      errors.push(id + ': ' + (e && e.message ? e.message : String(e)));
    }
  }
  if (errors.length > 0) document.body.dataset.chartErrors = errors.join('; ');
  document.body.dataset.chartsDrawn = String(drawn);
})();
`;

/** The page. */
export function renderModelReport(data: ModelReportData): string {
  const rows = data.versions
    .map((v) => `<tr><td>${escapeHtml(v.version)}</td><td>${v.role}</td><td>${v.scored}</td><td>${v.labelled}</td><td>${v.bads}</td><td>${fmt(v.auc)}</td><td>${fmt(v.ks)}</td><td>${fmt(v.ksAt)}</td></tr>`)
    .join('\n');
  const target = data.target ? `${escapeHtml(data.target.labelKind)} within ${data.target.windowDays} days of the scored event` : 'no target registered (model_targets)';
  const canvases = REPORT_CHARTS.map((id) => `<figure><canvas id="chart-${id}" width="560" height="340" aria-label="${id} chart"></canvas></figure>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Model report: ${escapeHtml(data.model)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px; color: #222; }
h1 { margin-bottom: 4px; }
.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 16px 0; }
th, td { border: 1px solid #ccc; padding: 4px 10px; text-align: right; }
th:first-child, td:first-child, td:nth-child(2) { text-align: left; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; border: 1px solid #eee; padding: 8px; }
</style>
</head>
<body>
<h1>Model report: ${escapeHtml(data.model)}</h1>
<p class="meta">Scores from ${escapeHtml(data.from)} to ${escapeHtml(data.to)}; generated ${escapeHtml(data.generatedAt)}. Target: ${target}.
Performance uses matured labels only: bad once the label is known, good only after the window has passed; immature rows are left out.</p>
<table>
<thead><tr><th>Version</th><th>Role</th><th>Scored</th><th>Matured labels</th><th>Bads</th><th>AUC</th><th>KS</th><th>KS at score</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<div class="charts">
${canvases}
</div>
<script id="report-data" type="application/json">${scriptJson(data)}</script>
<script>${chartJsSource().replace(/<\/script/gi, '<\\/script')}</script>
<script>${DRAW}</script>
</body>
</html>
`;
}
