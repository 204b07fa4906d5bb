/**
 * Running totals of a processor, for the `start` command's summary lines and final totals.
 */
import type { BatchSummary } from './processor.ts';
import { DECISION_TIERS } from '../schemas/topics/outputs.ts';

export class RunningSummary {
  readonly started = performance.now();
  events = 0;
  valid = 0;
  deadLetters = 0;
  alerts = 0;
  readonly tiers = new Map<string, number>(DECISION_TIERS.map((t) => [t, 0]));
  readonly signals = new Map<string, number>();
  #lastEvents = 0;
  #lastAt = performance.now();

  add(batch: BatchSummary): void {
    this.events += batch.records;
    this.valid += batch.valid;
    this.deadLetters += batch.deadLetters;
    for (const d of batch.decisions) this.tiers.set(d.tier, (this.tiers.get(d.tier) ?? 0) + 1);
    for (const a of batch.alerts) {
      this.alerts++;
      this.signals.set(a.signal, (this.signals.get(a.signal) ?? 0) + 1);
    }
  }

  get decisions(): number {
    let n = 0;
    for (const v of this.tiers.values()) n += v;
    return n;
  }

  /** One line: rate since the previous line, totals, decisions by tier. */
  line(extra = ''): string {
    const now = performance.now();
    const rate = ((this.events - this.#lastEvents) * 1000) / Math.max(1, now - this.#lastAt);
    this.#lastEvents = this.events;
    this.#lastAt = now;
    const elapsed = ((now - this.started) / 1000).toFixed(0);
    const tiers = [...this.tiers].filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(', ') || 'none yet';
    return `[${elapsed}s] ${Math.round(rate)} events/s | events ${this.events} | decisions ${this.decisions} (${tiers}) | alerts ${this.alerts} | dead letters ${this.deadLetters}${extra}`;
  }

  /** Final totals as `name: value` lines. */
  totals(): string {
    const seconds = (performance.now() - this.started) / 1000;
    const lines = [
      `events: ${this.events}`,
      `events_per_s: ${Math.round(this.events / Math.max(seconds, 1e-3))}`,
      `scored: ${this.valid}`,
      `dead_letters: ${this.deadLetters}`,
      `decisions: ${this.decisions}`,
      ...[...this.tiers].map(([t, n]) => `decisions.${t}: ${n}`),
      `alerts: ${this.alerts}`,
      ...[...this.signals].sort().map(([s, n]) => `alerts.${s}: ${n}`),
    ];
    return lines.join('\n') + '\n';
  }
}
