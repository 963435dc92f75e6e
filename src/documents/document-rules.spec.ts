import { contentDisposition, DocxMarker, safeFileName, sniffType } from './document-rules';

describe('document rules', () => {
  it('recognises PDF, PNG, JPEG and ZIP from their first bytes, whatever the name', () => {
    expect(sniffType(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffType(Buffer.from('PK\u0003\u0004rest'))).toBe('zip');
    expect(sniffType(Buffer.from('MZ\u0090\u0000'))).toBeUndefined();
    expect(sniffType(Buffer.from('%PD'))).toBeUndefined();
  });

  it('finds word/document.xml across a chunk boundary', () => {
    const marker = new DocxMarker();
    marker.push(Buffer.from('PK\u0003\u0004....word/docu'));
    expect(marker.found).toBe(false);
    marker.push(Buffer.from('ment.xml....'));
    expect(marker.found).toBe(true);
  });

  it('keeps only a safe base name and quotes it for download', () => {
    expect(safeFileName('../../etc/passwd', 'document')).toBe('passwd');
    expect(safeFileName('C:\\Users\\a\\consent "form".pdf', 'document')).toBe('consent form.pdf');
    expect(safeFileName('..', 'document')).toBe('document');
    expect(safeFileName(undefined, 'document')).toBe('document');
    expect(contentDisposition('plan é.pdf')).toBe(
      `attachment; filename="plan _.pdf"; filename*=UTF-8''plan%20%C3%A9.pdf`,
    );
  });
});
