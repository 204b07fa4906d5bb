/**
 * Types shared by the early-warning signals: the signal names and severities are fixed by the
 * Alert contract (schemas/topics/outputs.ts).
 */
import type { ALERT_SIGNALS, SEVERITIES } from '../../schemas/topics/outputs.ts';

export type AlertSignal = (typeof ALERT_SIGNALS)[number];
export type AlertSeverity = (typeof SEVERITIES)[number];
