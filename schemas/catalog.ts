// Reads schemas/ and openapi.json from disk: the one place other Node code learns what the schemas are.
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

export interface OperationInfo {
  operationId: string;
  api: 'offers' | 'pos';
  methods: string[];
  path: string;
  aliases: string[];
  requestSchema: string;
  responseSchema: string;
  errorStatuses: number[];
}

interface OpenApiOperation {
  operationId: string;
  tags: string[];
  'x-aliases'?: string[];
  'x-methods'?: string[];
  requestBody: { content: { 'application/json': { schema: { $ref: string } } } };
  responses: Record<string, { content: { 'application/json': { schema: { $ref: string } } } }>;
}

export function loadOpenApi(): { paths: Record<string, Record<string, OpenApiOperation>> } {
  return JSON.parse(readFileSync(join(schemasDir, 'openapi.json'), 'utf8'));
}

const schemaFile = (ref: string) => ref.replace(/^\.\//, '');

export function loadOperations(): OperationInfo[] {
  const ops: OperationInfo[] = [];
  for (const [path, item] of Object.entries(loadOpenApi().paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method === 'servers') continue;
      const ok = op.responses['200'];
      if (!ok) throw new Error(`openapi.json: ${op.operationId} has no 200 response`);
      ops.push({
        operationId: op.operationId,
        api: op.tags[0] === 'pos' ? 'pos' : 'offers',
        methods: op['x-methods'] ?? [method.toUpperCase()],
        path,
        aliases: op['x-aliases'] ?? [],
        requestSchema: schemaFile(op.requestBody.content['application/json'].schema.$ref),
        responseSchema: schemaFile(ok.content['application/json'].schema.$ref),
        errorStatuses: Object.keys(op.responses)
          .map(Number)
          .filter((status) => status >= 400),
      });
    }
  }
  return ops;
}
