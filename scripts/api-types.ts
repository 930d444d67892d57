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

interface ObjectSchema {
  properties?: Record<string, unknown>;
  required?: string[];
  allOf?: unknown[];
}

/**
 * Nest writes a subclass's schema with its base's properties copied in; here
 * it becomes `Base & { its own }` again (e.g. DesignationDetail = DesignationView
 * & { timeline }), so the generated file states each view once.
 */
function withBases(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, ObjectSchema>;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const keysOf = (s: ObjectSchema) => Object.keys(s.properties ?? {});
  const original = Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, { ...s }]));
  for (const [name, schema] of Object.entries(original)) {
    const own = schema.properties ?? {};
    const base = Object.entries(original)
      .filter(([other, s]) => other !== name && keysOf(s).length >= 4 && keysOf(s).length < Object.keys(own).length)
      .filter(([, s]) => keysOf(s).every((k) => same(s.properties![k], own[k]) && (s.required ?? []).includes(k) === (schema.required ?? []).includes(k)))
      .sort(([, a], [, b]) => keysOf(b).length - keysOf(a).length)[0];
    if (!base) continue;
    const rest = Object.keys(own).filter((k) => !(k in base[1].properties!));
    schemas[name] = {
      allOf: [
        { $ref: `#/components/schemas/${base[0]}` },
        { type: 'object', properties: Object.fromEntries(rest.map((k) => [k, own[k]])), required: (schema.required ?? []).filter((k) => rest.includes(k)) },
      ],
    };
  }
}

/** The TypeScript the console imports for the service's views: one exported type per schema, e.g. PaymentRunView. */
export async function renderApiTypes(document: OpenAPIObject): Promise<string> {
  // A JSON round trip drops the undefined members Nest leaves in the document, which the generator would read as values.
  const plain = JSON.parse(JSON.stringify(document));
  withBases(plain);
  const ast = await openapiTS(plain, { rootTypes: true, rootTypesNoSchemaPrefix: true, alphabetize: true });
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
