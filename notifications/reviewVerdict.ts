/**
 * What a queue resolution says about a pending application. A credit officer's resolution comes
 * back from the queue service as a collection outcome (queues/outcome.ts) on the application's
 * alert (a `credit_review` or `application_fraud` alert). The outcome vocabulary
 * (schemas/topics/collectionOutcome.ts) was made for collections: of its values only a confirmed
 * fraud is a credit verdict (decline). An approval after review arrives as the application's
 * decision record made final (decisions topic), which notificationOfDecision handles.
 */
export type ReviewVerdict = 'declined';

/** Collection outcome → verdict on the application; outcomes not listed decide nothing. */
export const REVIEW_VERDICTS: Readonly<Record<string, ReviewVerdict>> = {
  fraud_confirmed: 'declined',
};

export const reviewVerdictOf = (outcome: string): ReviewVerdict | null => REVIEW_VERDICTS[outcome] ?? null;
