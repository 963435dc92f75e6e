export const MAX_LINE_BYTES = 1024 * 1024;

export type Line = { number: number; text: string } | { number: number; error: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits a byte stream into numbered lines (LF or CRLF) without holding more than one line: a
 * file of millions of lines streams through in constant memory. A line that is not UTF-8, or is
 * longer than `maxBytes`, is reported and skipped rather than ending the file.
 */
export async function* readLines(
  source: AsyncIterable<Buffer | string>,
  maxBytes = MAX_LINE_BYTES,
): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong = false;
  let number = 0;

  function* finish(): Generator<Line> {
    number++;
    if (overlong) {
      overlong = false;
      yield { number, error: `line is longer than ${maxBytes} bytes` };
      return;
    }
    let bytes = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    if (bytes.length && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    if (number === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    try {
      yield { number, text: decoder.decode(bytes) };
    } catch {
      yield { number, error: 'line is not valid UTF-8' };
    }
  }

  function keep(part: Buffer): void {
    if (overlong) return;
    if (pendingBytes + part.length > maxBytes) {
      overlong = true;
      pending = [];
      pendingBytes = 0;
      return;
    }
    pending.push(part);
    pendingBytes += part.length;
  }

  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let newline = buffer.indexOf(0x0a); newline !== -1; newline = buffer.indexOf(0x0a, start)) {
      keep(buffer.subarray(start, newline));
      yield* finish();
      start = newline + 1;
    }
    if (start < buffer.length) keep(buffer.subarray(start));
  }
  if (pendingBytes > 0 || overlong) yield* finish();
}
