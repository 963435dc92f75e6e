import { gzipSync } from 'node:zlib';
import type { BadInputContext } from './context';

/** Deep nesting and Content-Encoding: the body as a whole. */
export function bodyShapeCases({ t, practitioner, refused, expectProblem }: BadInputContext): void {
  describe('deep nesting', () => {
    const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const objects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

    it.each([
      ['arrays', arrays(1500)],
      ['objects', objects(1500)],
      ['arrays', arrays(100_000)],
    ])('%s nested deep as a field or as the body', async (_label, nested) => {
      for (const body of [`{"name": ${nested}}`, nested]) {
        await refused(
          () => t.as(practitioner).post('/families').set('Content-Type', 'application/json').send(body),
          400,
        );
      }
    });

    it('ordinary nesting is accepted', async () => {
      await t.as(practitioner).get('/families').expect(200);
      await t.as(practitioner).post('/families').send({ name: 'Shallow' }).expect(201);
    });
  });

  describe('Content-Encoding', () => {
    it.each(['gzip', 'br', 'deflate', 'compress', 'x-unknown'])('%s with a plain body is a 415', async (encoding) => {
      const response = await t
        .as(practitioner)
        .post('/families')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        .send('{"name": "Plain"}');
      expectProblem(response, 415);
      expect(response.body.detail).toMatch(/Content-Encoding/);
    });

    it('a really compressed body is refused the same way (decoded bodies are not accepted)', async () => {
      await refused(
        () =>
          t
            .as(practitioner)
            .post('/families')
            .set('Content-Type', 'application/json')
            .set('Content-Encoding', 'gzip')
            .send(gzipSync('{"name": "Gzipped"}')),
        415,
      );
    });

    it('identity is accepted', async () => {
      await t
        .as(practitioner)
        .post('/families')
        .set('Content-Encoding', 'identity')
        .send({ name: 'Identity' })
        .expect(201);
    });
  });
}
