/**
 * Errors of the model subsystem. A rejected model is never retriable as is: the files on disk
 * must change first (a hot-swap watcher simply tries again when they do).
 */
import { FengkongError } from '../../lib/errors.ts';

/** Stable code of a refused model. */
export const MODEL_REJECTED = 'fengkong:model-rejected';

/** A model directory that failed a check: bad manifest, unknown feature, hash or output mismatch. */
export class ModelRejectedError extends FengkongError {
  constructor(
    readonly modelDir: string,
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(MODEL_REJECTED, `model ${modelDir} refused: ${reason}`, { retriable: false, ...options });
  }
}
