/**
 * Finds the application a queue alert was raised for, and its latest decision, in the decision
 * log (ClickHouse `alerts` and `decisions`, migrations/0003): a collection outcome names only the
 * alert, and the notifier keeps no state of its own.
 */
import type { ClickHouseClient } from '../clickhouse/types.ts';

export interface PendingApplication {
  readonly applicationId: string;
  readonly enterpriseId: string;
  readonly product: string;
  /** The offer the decision suggested (what a reviewer's approval grants). */
  readonly suggestedLimit: number;
  readonly suggestedAnnualRate: number;
  /** The latest decision record is final (nothing left for a review to decide). */
  readonly final: boolean;
}

export interface ApplicationLookup {
  /** The application behind an alert and the state of its latest decision; null when the alert has none. */
  applicationOfAlert(alertId: string): Promise<PendingApplication | null>;
}

export class ClickHouseApplicationLookup implements ApplicationLookup {
  constructor(private readonly client: ClickHouseClient) {}

  async applicationOfAlert(alertId: string): Promise<PendingApplication | null> {
    const apps = await this.client.query<{ application_id: string }>(
      `SELECT application_id FROM alerts FINAL WHERE alert_id = {alert:String} AND application_id != '' LIMIT 1`,
      { alert: alertId },
    );
    const applicationId = apps[0]?.application_id;
    if (!applicationId) return null;
    const decisions = await this.client.query<{ enterprise_id: string; product: string; final: boolean | number; suggested_limit: number | string; suggested_annual_rate: number }>(
      `SELECT enterprise_id, product, final, suggested_limit, suggested_annual_rate FROM decisions FINAL WHERE application_id = {app:String} ORDER BY decided_at DESC, event_time DESC LIMIT 1`,
      { app: applicationId },
    );
    const d = decisions[0];
    if (!d) return null;
    return {
      applicationId, enterpriseId: d.enterprise_id, product: d.product, final: d.final === true || d.final === 1,
      suggestedLimit: Number(d.suggested_limit), suggestedAnnualRate: Number(d.suggested_annual_rate),
    };
  }
}
