import { describe, expect, it } from 'vitest';
import type { ProspectListRow } from '../../pipelines/prospects/readProspects.ts';
import { formatProspects } from './prospects.ts';

const row: ProspectListRow = {
  enterpriseId: '91350100MA0000001P', name: '企业1有限公司', industryCode: 'C34', eligible: true, score: 46, product: 'invoice_financing',
  indicativeLimit: 2_380_000, growth: Math.log(1.4), forecastFrom: '2026-04', forecastTo: '2026-06', forecastMedian: 4_475_228,
  forecastLower: 4_118_526, forecastUpper: 4_862_824, graphRisk: 0, bureauScore: null, exclusionCodes: [], asOf: '2026-04-10 02:00:00.000',
  reasons: [{ code: 'GROWTH', en: 'Invoiced sales growing 40% a year', zh: '开票销售额年化增长40%', value: 0.34 }],
};

describe('fengkong prospects output', () => {
  it('prints one line per enterprise with its product, limit, growth and band, then its reasons in the chosen language', () => {
    const en = formatProspects([row], 'en').split('\n');
    expect(en[0]).toMatch(/^ {2}1 {2}91350100MA0000001P {2}企业1有限公司 {2}score 46\.0 {2}invoice_financing {2}limit ¥2,380,000 {2}growth \+40% {2}next quarter 2026-04\.\.2026-06 ¥4,475,228 \(¥4,118,526–¥4,862,824\)$/);
    expect(en[1]).toBe('       - Invoiced sales growing 40% a year');
    expect(formatProspects([row], 'zh')).toContain('- 开票销售额年化增长40%');
    expect(formatProspects([], 'en')).toBe('');
  });
});
