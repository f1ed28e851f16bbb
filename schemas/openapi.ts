// Builds schemas/generated/openapi.bundled.json from schemas/openapi.json and the schema files it references: one
// self-contained OpenAPI 3.1 document for tools nobody here wrote (Spectral, Redocly, Prism, PactFlow). The source
// keeps what only this generator reads in x- fields (routes, error rules, provenance); the bundle turns them into
// real path items, responses, examples and descriptions, and carries no x- field but x-alias-of.
import { existsSync, readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import { bundle, createConfig } from '@redocly/openapi-core';
import { schemasDir } from './catalog.ts';

// biome-ignore lint/suspicious/noExplicitAny: the generator reshapes parsed JSON of a known form in place.
type Json = Record<string, any>;

interface ErrorRule {
  status: number;
  code: string;
  when: string;
  source: 'documented' | 'assumed';
  note?: string;
  headers?: string[];
}

interface RouteSource {
  path?: string;
  method?: string;
  operationId: string;
  seen: string;
}

const sourceFile = join(schemasDir, 'openapi.json');
const componentRef = (kind: string, name: string) => `#/components/${kind}/${name}`;
const statusName = (status: number) => (STATUS_CODES[status] ?? String(status)).replace(/[^A-Za-z]/g, '');
const plain = (text: string) => text.replaceAll('`', '');
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "documented: the seed's Step 1" → "**Documented**: the seed's Step 1." */
function provenance(source: string): string {
  const match = /^(documented|assumed): (.+)$/s.exec(source);
  if (!match) throw new Error(`openapi.json: x-source must start "documented: " or "assumed: ", got "${source}"`);
  return `**${capitalised(match[1] as string)}**: ${match[2]}.`;
}

const ruleLine = (rule: ErrorRule) =>
  `\`${rule.code}\`: ${rule.when} (${rule.source}${rule.note ? `; ${rule.note}` : ''}).`;

function errorExample(rule: ErrorRule, pos: boolean): Json {
  const body = {
    status: 'error',
    ...(pos ? { payload: null } : {}),
    errors: { code: rule.code, message: capitalised(plain(rule.when)) },
  };
  return { summary: `${rule.status} ${rule.code} (${rule.source})`, value: body };
}

function errorResponse(status: number, rules: ErrorRule[], pos: boolean): Json {
  const headers = [...new Set(rules.flatMap((rule) => rule.headers ?? []))];
  return {
    description: [`${STATUS_CODES[status]}.`, ...rules.map(ruleLine)].join('\n'),
    ...(headers.length
      ? { headers: Object.fromEntries(headers.map((name) => [name, { $ref: componentRef('headers', name) }])) }
      : {}),
    content: {
      'application/json': {
        schema: { $ref: componentRef('schemas', 'ErrorResponse') },
        examples: Object.fromEntries(rules.map((rule) => [rule.code, errorExample(rule, pos)])),
      },
    },
  };
}

const byStatus = (rules: ErrorRule[]) => {
  const groups = new Map<number, ErrorRule[]>();
  for (const rule of rules) groups.set(rule.status, [...(groups.get(rule.status) ?? []), rule]);
  return groups;
};

function seedExample(schemaRef: string): Json | undefined {
  const file = join(schemasDir, 'examples', `${schemaRef.replace(/^\.\//, '')}`);
  if (!existsSync(file)) return undefined;
  return {
    seed: { summary: "The seed's sample, repaired (docs/api-notes.md)", value: JSON.parse(readFileSync(file, 'utf8')) },
  };
}

/**
 * Component names become the schemas' titles; $id and $schema go, since they rebase refs in 2020-12 tools. A source
 * component that only points at a file (ErrorResponse) gives way to that file's schema.
 */
function renameSchemas(doc: Json): void {
  const schemas = doc.components.schemas as Record<string, Json>;
  const prefix = componentRef('schemas', '');
  const names = new Map<string, string>();
  const pointers = new Map<string, string>();
  for (const [key, schema] of Object.entries(schemas)) {
    if (Object.keys(schema).length === 1 && typeof schema.$ref === 'string') {
      pointers.set(key, schema.$ref.slice(prefix.length));
      delete schemas[key];
      continue;
    }
    const title = schema.title;
    if (typeof title !== 'string') throw new Error(`schema ${key} has no title`);
    if ([...names.values()].includes(title)) throw new Error(`two schemas are titled ${title}`);
    names.set(key, title);
  }
  for (const [key, target] of pointers) names.set(key, names.get(target) ?? target);
  doc.components.schemas = Object.fromEntries(
    Object.entries(schemas).map(([key, { $id: _id, $schema: _dialect, ...schema }]) => [names.get(key), schema]),
  );
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const object = node as Json;
    if (typeof object.$ref === 'string' && object.$ref.startsWith(prefix)) {
      object.$ref = prefix + names.get(object.$ref.slice(prefix.length));
    }
    for (const child of Object.values(object)) visit(child);
  };
  visit(doc);
}

export async function bundleOpenApi(): Promise<Json> {
  const source = JSON.parse(readFileSync(sourceFile, 'utf8')) as Json;
  const bundled = await bundle({ ref: sourceFile, config: await createConfig({}) });
  const broken = bundled.problems.filter((p) => p.severity === 'error');
  if (broken.length) throw new Error(`openapi.json: ${broken.map((p) => p.message).join('; ')}`);
  const doc = bundled.bundle.parsed as Json;
  renameSchemas(doc);

  const common = source['x-common-errors'] as ErrorRule[];
  const responses: Json = {};
  const commonFor = (pos: boolean) =>
    Object.fromEntries(
      [...byStatus(common)].map(([status, rules]) => {
        const name = `${pos ? 'Pos' : 'Offers'}${statusName(status)}`;
        responses[name] = errorResponse(status, rules, pos);
        return [String(status), { $ref: componentRef('responses', name) }];
      }),
    );
  const shared = { pos: commonFor(true), offers: commonFor(false) };

  const paths: Json = {};
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    const { servers, post } = item;
    const sourceOp = source.paths[path].post as Json;
    const pos = post.tags[0] === 'pos';
    const rules = sourceOp['x-errors'] as ErrorRule[];
    const errors: Json = { ...(pos ? shared.pos : shared.offers) };
    for (const [status, own] of byStatus(rules)) {
      const inherited = common.filter((rule) => rule.status === status);
      errors[status] = errorResponse(status, [...inherited, ...own], pos);
    }
    const idempotency = sourceOp['x-idempotency'] ?? source['x-pos-idempotency'];
    const description = [
      sourceOp.description,
      provenance(sourceOp['x-source']),
      `**Idempotency**: ${idempotency}`,
      rules.length ? ['**Rules and codes**:', ...rules.map((r) => `- ${r.status} ${ruleLine(r)}`)].join('\n') : [],
      `**Every operation** may also answer ${[...byStatus(common).keys()].join(', ')}; their responses say when.`,
    ]
      .flat()
      .join('\n\n');
    const requestRef = sourceOp.requestBody.content['application/json'].schema.$ref as string;
    const okRef = sourceOp.responses['200'].content['application/json'].schema.$ref as string;
    const requestExamples = seedExample(requestRef);
    const okExamples = seedExample(okRef);
    if (requestExamples) post.requestBody.content['application/json'].examples = requestExamples;
    if (okExamples) post.responses['200'].content['application/json'].examples = okExamples;
    const operation: Json = {
      operationId: post.operationId,
      tags: post.tags,
      summary: post.summary,
      description,
      requestBody: post.requestBody,
      responses: { '200': post.responses['200'], ...Object.fromEntries(Object.entries(errors).sort()) },
    };
    paths[path] = { servers, post: operation };

    for (const route of (sourceOp['x-routes'] ?? []) as RouteSource[]) {
      const routePath = route.path ?? path;
      const method = route.method ?? 'post';
      const moved = routePath !== path;
      const where = [moved ? `at \`${routePath}\`` : '', method !== 'post' ? `with ${method.toUpperCase()}` : '']
        .filter(Boolean)
        .join(' ');
      const aliasNote = moved
        ? `Deprecated: the seed's URI line names \`${path}\`; this path is from ${route.seen}.`
        : `Served because of ${route.seen}.`;
      paths[routePath] ??= { servers };
      paths[routePath][method] = {
        ...structuredClone(operation),
        operationId: route.operationId,
        summary: `${post.summary} (${where})`,
        description: `\`${post.operationId}\` ${where}. ${aliasNote}\n\n${description}`,
        ...(moved ? { deprecated: true } : {}),
        'x-alias-of': post.operationId,
      };
    }
  }

  const { 'x-common-errors': _common, 'x-pos-idempotency': _idempotency, ...top } = doc;
  return { ...top, paths, components: { ...doc.components, responses } };
}
