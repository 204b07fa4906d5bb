/**
 * What a queue resolution says about a pending application. A credit officer's resolution comes
 * back from the queue service as a collection outcome (queues/outcome.ts) on the application's
 * alert (a `credit_review` or `application_fraud` alert): `credit_approved` / `credit_declined`
 * on a credit review, or a confirmed fraud (a decline). Other outcomes decide nothing.
 */
export type ReviewVerdict = 'approved' | 'declined';

/** Collection outcome → verdict on the application; outcomes not listed decide nothing. */
export const REVIEW_VERDICTS: Readonly<Record<string, ReviewVerdict>> = {
  credit_approved: 'approved',
  credit_declined: 'declined',
  fraud_confirmed: 'declined',
};

export const reviewVerdictOf = (outcome: string): ReviewVerdict | null => REVIEW_VERDICTS[outcome] ?? null;
