/**
 * Reloads a rule-set file when it changes. We watch the directory, not the file: editors and
 * `mv`-based deploys replace the file (a new inode), and a watch on the old inode goes silent.
 * Changes are debounced because one save fires several events (truncate, write, rename).
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { RULES_LOG } from './logEvents.ts';
import type { ManagerLoadResult, RuleSetManager } from './manager.ts';
import type { Logger } from '../../lib/logger.ts';

export interface FileWatchOptions {
  /** Quiet time after the last change before reloading (default 150 ms). */
  readonly debounceMs?: number;
  /** Called with the outcome of every reload triggered by a change. */
  readonly onReload?: (result: ManagerLoadResult) => void;
  readonly logger?: Logger;
}

export interface RuleFileWatch {
  /** Outcome of the load done at start. */
  readonly initial: ManagerLoadResult;
  close(): void;
}

/** Loads `path` into the manager now, then again after each change, until closed. */
export async function watchRuleFile(manager: RuleSetManager, path: string, options: FileWatchOptions = {}): Promise<RuleFileWatch> {
  const file = resolve(path);
  const name = basename(file);
  const debounceMs = options.debounceMs ?? 150;
  const loadNow = async (): Promise<ManagerLoadResult> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      options.logger?.warn({ event: RULES_LOG.sourceFailed, err: error, source: file }, 'could not read the rule file; the active rule set stays');
      const message = `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`;
      return { ok: false, source: file, issues: [{ line: 1, col: 1, message }], active: manager.active };
    }
    return manager.load(text, file);
  };

  const initial = await loadNow();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let running: Promise<void> = Promise.resolve();
  const watcher: FSWatcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
    if (closed || (changed !== null && changed !== name)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      // Reloads run one after another so an older read can never overwrite a newer one.
      running = running.then(async () => {
        if (closed) return;
        const result = await loadNow();
        if (!closed) options.onReload?.(result);
      });
    }, debounceMs);
  });
  watcher.on('error', (error) => options.logger?.error({ event: RULES_LOG.sourceFailed, err: error, source: file }, 'rule file watch failed; reloads from this file stopped'));

  return {
    initial,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
