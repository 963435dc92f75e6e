import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

/** The DfE CIN census schema vendored in test/fixtures/cin-census (see its SOURCE.md). */
const SCHEMA = readFileSync(join(__dirname, '../fixtures/cin-census/CIN_schema_2024.xsd'), 'utf8');

/** The schema errors of a CIN census file (none when it is valid), checked by libxml2 (WebAssembly). */
export async function cinSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'cin-census.xml', contents: xml }],
    schema: [{ fileName: 'CIN_schema_2024.xsd', contents: SCHEMA }],
  });
  return result.errors.map((error) => error.message);
}
