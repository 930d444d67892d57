import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { previewOpenApiDocument } from '../src/app.factory';
import { loadConfig } from '../src/core/config/config';

/** Where the console's generated API types are checked in (compiled with the console, type-only). */
export const API_TYPES_FILE = join(__dirname, '..', '..', 'web', 'src', 'api-types.ts');

const HEADER = `/**
 * Generated from the service's OpenAPI document (/docs-json) by \`npm run api-types\`: do not edit.
 * test/core/api-types.spec.ts fails when this file no longer matches the service.
 */
`;

const SKIPPED = new Set(['paths', 'webhooks', '$defs', 'operations']);

/** The TypeScript the console imports for the service's views: one exported type per schema, e.g. PaymentRunView. */
export async function renderApiTypes(document: OpenAPIObject): Promise<string> {
  // A JSON round trip drops the undefined members Nest leaves in the document, which the generator would read as values.
  const ast = await openapiTS(JSON.parse(JSON.stringify(document)), { rootTypes: true, rootTypesNoSchemaPrefix: true, alphabetize: true });
  // The console takes its types from the schemas; the paths and operations (every route's parameters and answers) it does not read.
  return HEADER + astToString(ast.filter((node) => !(ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) || !SKIPPED.has(node.name.text)));
}

async function main(): Promise<void> {
  // Preview mode connects to nothing: the URL and key only satisfy the configuration's checks.
  const config = loadConfig({ DATABASE_URL: 'postgres://openapi-preview@127.0.0.1:9/none', PII_KEY: '0'.repeat(64) });
  const document = await previewOpenApiDocument({ config, schedule: false });
  writeFileSync(API_TYPES_FILE, await renderApiTypes(document));
  console.log(`wrote ${API_TYPES_FILE}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
