// Reads schemas/ and the bundled OpenAPI document from disk: the one place other Node code learns what the schemas are.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const schemasDir = dirname(fileURLToPath(import.meta.url));
export const schemaBaseUri = 'https://schemas.offers-suite.invalid/';

export type JsonSchema = Record<string, unknown> & { $id: string; title?: string };

export function loadSchemas(): JsonSchema[] {
  return readdirSync(schemasDir)
    .filter((file) => file.endsWith('.json') && file !== 'openapi.json')
    .sort()
    .map((file) => JSON.parse(readFileSync(join(schemasDir, file), 'utf8')) as JsonSchema);
}

/** One method on one path of the bundled document. */
export interface RouteInfo {
  path: string;
  method: string;
  /** Its own operationId in the bundled document (an alias has one too). */
  operationId: string;
  deprecated: boolean;
}

export interface OperationInfo {
  operationId: string;
  api: 'offers' | 'pos';
  /** Every method it is served with, the documented one first. */
  methods: string[];
  /** The documented path. */
  path: string;
  /** The other paths it is served at. */
  aliases: string[];
  /** Every path item and method that serves it, documented route first. */
  routes: RouteInfo[];
  requestSchema: string;
  responseSchema: string;
  errorStatuses: number[];
}

interface BundledOperation {
  operationId: string;
  tags: string[];
  deprecated?: boolean;
  'x-alias-of'?: string;
  requestBody: { content: { 'application/json': { schema: { $ref: string } } } };
  responses: Record<string, unknown>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, BundledOperation | unknown>>;
  components: { schemas: Record<string, { title?: string }> };
}

export const bundledOpenApiFile = join(schemasDir, 'generated', 'openapi.bundled.json');

/** The bundled document (npm run schemas writes it): what the mock routes by and standard tools read. */
export function loadOpenApi(): OpenApiDocument {
  return JSON.parse(readFileSync(bundledOpenApiFile, 'utf8'));
}

const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** The operations of a bundled document, each with every route that serves it (aliases point at theirs). */
export function operationsOf(doc: OpenApiDocument, schemas: JsonSchema[] = loadSchemas()): OperationInfo[] {
  const fileOf = new Map(schemas.map((s) => [s.title, s.$id.split('/').pop() ?? s.$id]));
  const schemaFile = (ref: string) => {
    const file = fileOf.get(ref.split('/').pop() ?? '');
    if (!file) throw new Error(`openapi: ${ref} names no schema file`);
    return file;
  };
  const ops = new Map<string, OperationInfo>();
  const aliases: { of: string; route: RouteInfo }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!methods.has(method)) continue;
      const op = value as BundledOperation;
      const route = { path, method: method.toUpperCase(), operationId: op.operationId, deprecated: !!op.deprecated };
      const of = op['x-alias-of'];
      if (of) {
        aliases.push({ of, route });
        continue;
      }
      const ok = op.responses['200'] as { content: { 'application/json': { schema: { $ref: string } } } } | undefined;
      if (!ok) throw new Error(`openapi: ${op.operationId} has no 200 response`);
      ops.set(op.operationId, {
        operationId: op.operationId,
        api: op.tags[0] === 'pos' ? 'pos' : 'offers',
        methods: [route.method],
        path,
        aliases: [],
        routes: [route],
        requestSchema: schemaFile(op.requestBody.content['application/json'].schema.$ref),
        responseSchema: schemaFile(ok.content['application/json'].schema.$ref),
        errorStatuses: Object.keys(op.responses)
          .map(Number)
          .filter((status) => status >= 400),
      });
    }
  }
  for (const { of, route } of aliases) {
    const op = ops.get(of);
    if (!op) throw new Error(`openapi: ${route.operationId} is an alias of ${of}, which is no operation`);
    op.routes.push(route);
    if (!op.methods.includes(route.method)) op.methods.push(route.method);
    if (route.path !== op.path && !op.aliases.includes(route.path)) op.aliases.push(route.path);
  }
  return [...ops.values()];
}

export function loadOperations(): OperationInfo[] {
  return operationsOf(loadOpenApi());
}
