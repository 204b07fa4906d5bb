/** Log event names of the rules engine (the `event` field of its log lines). */
export const RULES_LOG = {
  /** A rule set became active. */
  loaded: 'rules.loaded',
  /** A rule set was rejected; the previous one keeps scoring. */
  rejected: 'rules.rejected',
  /** The same version and text arrived again (a watcher firing twice, a re-publish); nothing changed. */
  unchanged: 'rules.unchanged',
  /** An earlier version from the history was made active again. */
  rolledBack: 'rules.rolled_back',
  /** A watcher or channel could not read an update. */
  sourceFailed: 'rules.source_failed',
} as const;
