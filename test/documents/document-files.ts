import { createHash } from 'node:crypto';
import type { Response } from 'supertest';

/** Small files of each type, recognised by their first bytes. */
export const pdf = (text = 'consent form') => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);
export const png = (size = 64) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(size, 7)]);
export const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 1)]);
/** A ZIP archive whose entries include word/document.xml (what Word writes), or not. */
export const docx = (word = true) =>
  Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x03, 0x04]),
    Buffer.alloc(26, 0),
    Buffer.from(word ? '[Content_Types].xml....word/document.xml' : '[Content_Types].xml....xl/workbook.xml'),
    Buffer.alloc(40, 0),
  ]);
/** A Windows executable. */
export const exe = () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0)]);

export const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** supertest's binary parser: the body as one Buffer. */
export function binary(response: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = response as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
