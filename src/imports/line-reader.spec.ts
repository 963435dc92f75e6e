import { Readable } from 'node:stream';
import { readLines } from './line-reader';

async function lines(chunks: (string | Buffer)[], maxBytes?: number) {
  const out = [];
  for await (const line of readLines(Readable.from(chunks), maxBytes)) out.push(line);
  return out;
}

describe('readLines', () => {
  it('numbers LF and CRLF lines across chunk boundaries, without a final newline, and drops a BOM', async () => {
    expect(await lines(['\uFEFF{"a":', '1}\r\n\n{"b"', ':2}\n{"c":3}'])).toEqual([
      { number: 1, text: '{"a":1}' },
      { number: 2, text: '' },
      { number: 3, text: '{"b":2}' },
      { number: 4, text: '{"c":3}' },
    ]);
  });

  it('reports a line that is not UTF-8 or is too long, and goes on', async () => {
    const result = await lines([Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), 'x'.repeat(50), '\n', 'ok\n'], 20);
    expect(result).toEqual([
      { number: 1, error: 'line is not valid UTF-8' },
      { number: 2, error: 'line is longer than 20 bytes' },
      { number: 3, text: 'ok' },
    ]);
  });

  it('keeps a multi-byte character split across chunks', async () => {
    const bytes = Buffer.from('"Zoë"\n');
    expect(await lines([bytes.subarray(0, 4), bytes.subarray(4)])).toEqual([{ number: 1, text: '"Zoë"' }]);
  });
});
