/** The file types a document may be, recognised from their first bytes (magic numbers), never from the name. */
export const DOCUMENT_TYPES = {
  pdf: { contentType: 'application/pdf', extension: 'pdf' },
  png: { contentType: 'image/png', extension: 'png' },
  jpeg: { contentType: 'image/jpeg', extension: 'jpg' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
  },
} as const;

export type DocumentType = keyof typeof DOCUMENT_TYPES;
export const DOCUMENT_TYPE_NAMES = Object.keys(DOCUMENT_TYPES) as DocumentType[];

/** Bytes needed to recognise any type. */
export const SNIFF_BYTES = 8;

const startsWith = (head: Buffer, bytes: number[]): boolean =>
  head.length >= bytes.length && bytes.every((byte, index) => head[index] === byte);

/**
 * The type the first bytes say, or undefined. A ZIP archive is only `docx` once its entries show
 * `word/document.xml` (see `DocxMarker`); until then it is `zip`.
 */
export function sniffType(head: Buffer): DocumentType | 'zip' | undefined {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip'; // PK\3\4: DOCX is a ZIP archive
  return undefined;
}

/**
 * Looks for the `word/document.xml` entry name across the chunks of a ZIP archive (entry names
 * are stored in clear in its local file headers), keeping a tail so a name split by a chunk
 * boundary is still found.
 */
export class DocxMarker {
  private static readonly MARKER = Buffer.from('word/document.xml');
  private tail = Buffer.alloc(0);
  found = false;

  push(chunk: Buffer): void {
    if (this.found) return;
    const window = Buffer.concat([this.tail, chunk]);
    if (window.includes(DocxMarker.MARKER)) this.found = true;
    this.tail = window.subarray(Math.max(0, window.length - DocxMarker.MARKER.length + 1));
  }
}

/** A file name safe to store and to send back in Content-Disposition: no path, no control characters, at most 200 characters. */
export function safeFileName(name: string | undefined, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .filter((character) => character.charCodeAt(0) >= 0x20 && character.charCodeAt(0) !== 0x7f && character !== '"')
    .join('')
    .trim()
    .slice(0, 200);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? fallback : cleaned;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
