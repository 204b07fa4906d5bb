/**
 * Opens a data file as shipped, as a stream of decompressed bytes: `.xz` files (recognised by
 * their magic bytes, not their name) are streamed through the `xz` command line tool (Debian
 * xz-utils; scripts/setup.sh installs it), so nothing is held in memory or copied to disk.
 * Progress counts the bytes read from the file itself, which is known in advance for both kinds.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { ImportFileError } from './errors.ts';

/** xz stream header magic (xz file format 1.0.4, section 2.1.1.1). */
const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
/** Most xz diagnostics quoted back in an error. */
const STDERR_MAX = 2000;

export interface OpenedSource {
  /** Decompressed bytes of the file. */
  readonly stream: Readable;
  /** Size of the file on disk. */
  readonly totalBytes: number;
  readonly compressed: boolean;
  /** Bytes read from the file so far. */
  bytesRead(): number;
  /** Resolves once the file was read completely; rejects when decompression failed. Await it after draining `stream`. */
  finished(): Promise<void>;
  /** Stops reading early (on an error downstream). */
  close(): void;
}

async function startsWithXzMagic(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(XZ_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(XZ_MAGIC);
  } finally {
    await handle.close();
  }
}

/** Opens `path` for reading; throws ImportFileError when it is missing or not a file. */
export async function openSource(path: string): Promise<OpenedSource> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ImportFileError(`${path} is not a file`);
    size = info.size;
  } catch (cause) {
    if (cause instanceof ImportFileError) throw cause;
    throw new ImportFileError(`cannot read ${path}: ${(cause as Error).message}; check the --file path`, { cause });
  }
  const compressed = await startsWithXzMagic(path);
  let read = 0;
  const file = createReadStream(path);
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      read += chunk.length;
      done(null, chunk);
    },
  });
  file.on('error', (err) => counter.destroy(new ImportFileError(`reading ${path}: ${err.message}`, { cause: err })));
  file.pipe(counter);

  if (!compressed) {
    const fileDone = new Promise<void>((resolve, reject) => {
      counter.on('end', resolve);
      counter.on('error', reject);
    });
    fileDone.catch(() => undefined); // observed through finished() or the stream itself
    return {
      stream: counter, totalBytes: size, compressed, bytesRead: () => read,
      finished: () => fileDone, close: () => file.destroy(),
    };
  }

  const xz = spawn('xz', ['--decompress', '--stdout'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const output = new PassThrough();
  let stderr = '';
  xz.stderr.setEncoding('utf8');
  xz.stderr.on('data', (s: string) => {
    if (stderr.length < STDERR_MAX) stderr += s;
  });
  // xz exiting early (corrupt input) closes its stdin: that EPIPE is reported through the exit code.
  xz.stdin.on('error', () => undefined);
  counter.pipe(xz.stdin);
  xz.stdout.pipe(output);
  const exited = new Promise<void>((resolve, reject) => {
    xz.on('error', (err: NodeJS.ErrnoException) => {
      const error = err.code === 'ENOENT'
        ? new ImportFileError(`${path} is xz-compressed and the xz tool is not installed: apt-get install xz-utils (scripts/setup.sh does)`, { cause: err })
        : new ImportFileError(`starting xz for ${path}: ${err.message}`, { cause: err });
      output.destroy(error);
      reject(error);
    });
    xz.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new ImportFileError(`xz could not decompress ${path} (${signal ?? `exit ${code}`}): ${stderr.trim() || 'no message'}; the file may be truncated or corrupt`));
    });
  });
  exited.catch(() => undefined); // observed through finished()
  counter.on('error', (err) => output.destroy(err));
  return {
    stream: output, totalBytes: size, compressed, bytesRead: () => read,
    finished: () => exited,
    close: () => {
      file.destroy();
      if (xz.exitCode === null) xz.kill();
    },
  };
}
