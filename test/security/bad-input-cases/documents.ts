import type { BadInputContext } from './context';

/** Documents: multipart, streamed uploads (src/documents/). */
export function documentsCases({ t, practitioner, records, refused }: BadInputContext): void {
  describe('documents (multipart, streamed)', () => {
    const upload = (fields: Record<string, string>, content: Buffer) => {
      let request = t.as(practitioner).post('/documents');
      for (const [key, value] of Object.entries(fields)) request = request.field(key, value);
      return request.attach('file', content, { filename: 'x.pdf', contentType: 'application/pdf' });
    };
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');

    it('bad fields, a file of the wrong type, JSON instead of multipart, no file, a broken body', async () => {
      const { familyId } = records;
      await refused(() => upload({ targetType: 'pet', targetId: familyId }, pdf), 400, 'targetType');
      await refused(
        () => upload({ targetType: 'family', targetId: "'; DROP TABLE documents; --" }, pdf),
        400,
        'targetId',
      );
      await refused(
        () => upload({ targetType: 'family', targetId: familyId, title: 'x'.repeat(300) }, pdf),
        400,
        'title',
      );
      await refused(() => upload({ targetType: 'family', targetId: familyId }, Buffer.from('MZ\u0090 not a pdf')), 415);
      await refused(
        () => t.as(practitioner).post('/documents').send({ targetType: 'family', targetId: familyId }),
        415,
      );
      await refused(
        () => t.as(practitioner).post('/documents').field('targetType', 'family').field('targetId', familyId),
        400,
      );
      await refused(
        () =>
          t
            .as(practitioner)
            .post('/documents')
            .set('Content-Type', 'multipart/form-data; boundary=xyz')
            .send('--xyz\r\nContent-Disposition: form-data; name="targetType"\r\n\r\nfamily'),
        400,
      );
      await refused(
        () => t.as(practitioner).post('/documents/not-a-uuid/delete').send({ reason: 'Wrong family' }),
        400,
      );
    });
  });
}
