import { readFileSync } from 'node:fs';
import { generateOpenApi } from './openapi';

describe('openapi/openapi.json', () => {
  it('is what the code generates (run `npm run openapi` after changing the API)', async () => {
    expect(JSON.parse(await generateOpenApi())).toEqual(JSON.parse(readFileSync('openapi/openapi.json', 'utf8')));
  });
});
