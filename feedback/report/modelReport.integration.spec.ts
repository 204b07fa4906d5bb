/**
 * The model report renders in headless Chromium (Debian's, through playwright-core) with every
 * chart drawn, offline: a book is loaded into chdb, the report collected and rendered, the page
 * opened with the network cut, and a screenshot of each chart checked for drawn pixels.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSyntheticBook } from '../../dashboards/src/data/syntheticBook.ts';
import type { ClickHouseClient } from '../../pipelines/clickhouse/types.ts';
import { closeTestClickHouse, openTestClickHouse } from '../testing/book.ts';
import { collectModelReport, type ModelReportData } from './modelReportData.ts';
import { REPORT_CHARTS, renderModelReport } from './renderModelReport.ts';

const CHROMIUM = { executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] };

let ch: ClickHouseClient;
let browser: Browser;
let page: Page;
let data: ModelReportData;
let html: string;
const requests: string[] = [];
const pageErrors: string[] = [];

/**
 * Share of non-white pixels and number of distinct colours of a PNG, measured by the browser
 * itself (no PNG decoder needed here). Browser code as text: this project compiles without DOM types.
 */
const INK_JS = `async (b64) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + b64;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.width;
  canvas.height = img.height;
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0);
  const px = g.getImageData(0, 0, img.width, img.height).data;
  let ink = 0;
  const colours = new Set();
  for (let i = 0; i < px.length; i += 4) {
    const r = px[i], gr = px[i + 1], b = px[i + 2];
    if (r < 245 || gr < 245 || b < 245) ink++;
    colours.add(((r >> 4) << 8) | ((gr >> 4) << 4) | (b >> 4));
  }
  return { ink: ink / (px.length / 4), colours: colours.size };
}`;

async function inkOf(png: Buffer): Promise<{ ink: number; colours: number }> {
  return page.evaluate(`(${INK_JS})(${JSON.stringify(png.toString('base64'))})`);
}

beforeAll(async () => {
  ch = await openTestClickHouse('fengkong_model_report');
  const loaded = await loadSyntheticBook(ch, { days: 200, applicationsPerDay: 12, transactionsPerDay: 5 });
  data = await collectModelReport(ch, { model: 'application_fraud', to: new Date(loaded.to.getTime() + 1), from: loaded.from });
  html = renderModelReport(data);
  browser = await chromium.launch(CHROMIUM);
  page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
  // Offline: the page must need nothing but itself.
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.setContent(html, { waitUntil: 'load' });
  await page.waitForSelector('body[data-charts-drawn]', { timeout: 30_000 });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await closeTestClickHouse(ch);
});

describe('fengkong report model', () => {
  it('collects champion and challenger with matured-label metrics', () => {
    expect(data.versions.map((v) => `${v.version}/${v.role}`)).toEqual(['1.0.0/champion', '1.1.0/challenger']);
    for (const v of data.versions) {
      expect(v.labelled).toBeGreaterThan(100);
      expect(v.auc).toBeGreaterThan(0.5);
      expect(v.roc.length).toBeGreaterThan(10);
      expect(v.psi.length).toBeGreaterThan(10);
    }
  });

  it('is one self-contained page: no external script, style or link', () => {
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(requests).toEqual([]);
  });

  it('draws every chart without an error', async () => {
    expect(pageErrors).toEqual([]);
    expect(await page.getAttribute('body', 'data-chart-errors')).toBeNull();
    expect(await page.getAttribute('body', 'data-charts-drawn')).toBe(String(REPORT_CHARTS.length));
  });

  it('shows ink in the screenshot of every chart, unlike an empty canvas', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fk-report-shot-'));
    writeFileSync(join(dir, 'report.png'), await page.screenshot({ fullPage: true }));
    // The measure must tell a blank canvas from a drawn one.
    await page.evaluate(`(() => {
      const c = document.createElement('canvas');
      c.id = 'blank-control';
      c.width = 560;
      c.height = 340;
      document.body.appendChild(c);
    })()`);
    const blank = await inkOf(await page.locator('#blank-control').screenshot());
    expect(blank.ink).toBeLessThan(0.001);
    for (const id of REPORT_CHARTS) {
      const shot = await page.locator(`#chart-${id}`).screenshot();
      writeFileSync(join(dir, `${id}.png`), shot);
      const { ink, colours } = await inkOf(shot);
      expect.soft(ink, `chart ${id}: share of drawn pixels`).toBeGreaterThan(0.02);
      expect.soft(colours, `chart ${id}: distinct colours`).toBeGreaterThan(4);
    }
  });
});
