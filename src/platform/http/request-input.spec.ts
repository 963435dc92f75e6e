import { inspectJson, MAX_JSON_DEPTH, percentDecode, queryEncodingErrors } from './request-input';

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

describe('inspectJson', () => {
  it('accepts ordinary text, including astral characters written as a surrogate pair', () => {
    expect(inspectJson({ name: 'Ọkáfọ̀r 👪', children: [{ words: 'ok' }], n: 1, b: null })).toEqual({
      tooDeep: false,
      errors: [],
    });
  });

  it('names each field holding U+0000 or an unpaired surrogate, in arrays and nested objects too', () => {
    const result = inspectJson({
      lastName: 'Ok\u0000afor',
      children: [{ words: 'fine' }, { words: '\ud800' }],
      reversed: '\udc00\ud83d',
      low: 'x\udc00',
    });
    expect(result.errors.map((error) => error.field)).toEqual(['lastName', 'children.1.words', 'reversed', 'low']);
    expect(result.errors[0]!.message).toBe('lastName must not contain the character U+0000');
    expect(result.errors[1]!.message).toMatch(/unpaired surrogate/);
  });

  it('checks member names, without echoing them', () => {
    const result = inspectJson({ outer: { 'bad\u0000key': 1 } });
    expect(result.errors).toEqual([
      { field: 'outer', message: 'a member name in outer must not contain the character U+0000' },
    ]);
  });

  it(`allows ${MAX_JSON_DEPTH} levels of nesting and refuses one more, without recursion`, () => {
    expect(inspectJson(nested(MAX_JSON_DEPTH)).tooDeep).toBe(false);
    expect(inspectJson(nested(MAX_JSON_DEPTH + 1)).tooDeep).toBe(true);
    expect(inspectJson(nested(200_000)).tooDeep).toBe(true);
  });

  it('reports at most 20 fields', () => {
    const body = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, '\u0000']));
    expect(inspectJson(body).errors).toHaveLength(20);
  });
});

describe('percentDecode and queryEncodingErrors', () => {
  it('decodes escapes to bytes and keeps a stray % as it is', () => {
    expect([...percentDecode('a%41%zz%4', false)]).toEqual([...Buffer.from('aA%zz%4')]);
    expect(percentDecode('a+b', true).toString()).toBe('a b');
    expect(percentDecode('a+b', false).toString()).toBe('a+b');
  });

  it('names the parameters whose bytes are not UTF-8', () => {
    expect(queryEncodingErrors('surname=Ok%ED%A0%80afor&dateOfBirth=2016-01-01&x=%FF')).toEqual([
      { field: 'surname', message: 'surname is not UTF-8 text (check its percent-encoding)' },
      { field: 'x', message: 'x is not UTF-8 text (check its percent-encoding)' },
    ]);
    expect(queryEncodingErrors('%FF=1')).toEqual([
      { field: '(query)', message: 'a query parameter name is not UTF-8 text' },
    ]);
  });

  it('accepts UTF-8, flags, empty values and %00 (U+0000 is refused after parsing)', () => {
    expect(queryEncodingErrors('surname=%C3%93kafor%F0%9F%91%AA&open&limit=&x=100%&y=%00')).toEqual([]);
  });
});
