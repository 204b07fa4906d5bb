/**
 * Reads JSONL files as raw byte lines, so invalid UTF-8 is seen by the validator rather than
 * silently replaced by the stream decoder.
 */
import { createReadStream } from 'node:fs';

/** Yields each line's bytes (without the newline) and its 1-based line number; skips nothing but a final empty line. */
export async function* readLines(path: string): AsyncGenerator<{ line: number; bytes: Buffer }> {
  let pending: Buffer[] = [];
  let line = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, i));
      line++;
      yield { line, bytes: stripCr(Buffer.concat(pending)) };
      pending = [];
      start = i + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) {
    const rest = Buffer.concat(pending);
    if (rest.length > 0) yield { line: line + 1, bytes: stripCr(rest) };
  }
}

const stripCr = (b: Buffer): Buffer => (b.length > 0 && b[b.length - 1] === 13 ? b.subarray(0, b.length - 1) : b);
