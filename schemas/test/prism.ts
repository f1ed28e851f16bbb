// Stoplight Prism in process, as `prism proxy DOC URL` and `prism mock DOC` run it (@stoplight/prism-http-server),
// on a free loopback port, recording each request's violations with the request they belong to.
import { createRequire } from 'node:module';
import { getHttpOperationsFromSpec, type IHttpConfig } from '@stoplight/prism-http';
import { createServer } from '@stoplight/prism-http-server';

export interface PrismViolation {
  method: string;
  path: string;
  /** "request" or "response", then the JSON path Prism names. */
  location: string;
  severity: string;
  message: string;
}

export interface RunningPrism {
  url: string;
  /** Every violation so far, routes Prism found no operation for included ("Selected route not found"). */
  violations: PrismViolation[];
  /** How many requests Prism handled. */
  requests: () => number;
  close(): Promise<void>;
}

/**
 * `proxyTo`: validate requests to, and answers from, that upstream. `mock`: answer from the document, with its
 * examples (static) or generated from its schemas (dynamic, seeded); `nonEmptyLists` makes every generated array
 * hold at least one entry, as the provider states of our pacts do (a wallet with an offer, a history with a record).
 */
type Mode = { proxyTo: string } | { mock: { dynamic: boolean; seed?: string }; nonEmptyLists?: boolean };

// Prism generates with the json-schema-faker it depends on; options set on that same module apply to its mocks.
const faker = createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-http'))('json-schema-faker') as {
  JSONSchemaFaker: { option(options: Record<string, unknown>): void };
};

const severities = ['error', 'warning', 'information', 'hint'];
const quiet = () => undefined;
// Prism wants a pino logger; only its methods are used. Violations are recorded from the results instead.
const logger = { info: quiet, warn: quiet, error: quiet, debug: quiet, trace: quiet, fatal: quiet, success: quiet };
const silentLogger = Object.assign(logger, { child: () => silentLogger });

type Diagnostic = { path?: string[]; severity: number; message: string };
type Request = (input: { method: string; url: { path: string } }, ...rest: unknown[]) => () => Promise<unknown>;

// Read once per document in a process: each Prism started on the same operations also reuses the validators it
// compiled for them.
const operationsOf = new Map<string, ReturnType<typeof getHttpOperationsFromSpec>>();

export async function startPrism(documentFile: string, mode: Mode): Promise<RunningPrism> {
  if (!operationsOf.has(documentFile)) operationsOf.set(documentFile, getHttpOperationsFromSpec(documentFile));
  const operations = await (operationsOf.get(documentFile) as ReturnType<typeof getHttpOperationsFromSpec>);
  const common = { checkSecurity: true, validateRequest: true, validateResponse: true, errors: false };
  const config = (
    'proxyTo' in mode
      ? {
          ...common,
          isProxy: true,
          upstream: new URL(mode.proxyTo),
          upstreamProxy: undefined,
          mock: { dynamic: false },
        }
      : { ...common, isProxy: false, upstreamProxy: undefined, mock: mode.mock }
  ) as IHttpConfig;
  const server = createServer(operations, { components: { logger: silentLogger as never }, config, cors: false });
  faker.JSONSchemaFaker.option({ minItems: 'mock' in mode && mode.nonEmptyLists ? 1 : 0 });

  const violations: PrismViolation[] = [];
  let handled = 0;
  // The server calls prism.request on this same object per request: wrapping it ties violations to their request.
  const prism = server.prism as unknown as { request: Request };
  const original = prism.request;
  prism.request = (input, ...rest) => {
    const task = original(input, ...rest);
    return async () => {
      const result = (await task()) as
        | { _tag: 'Right'; right: { validations: { input: Diagnostic[]; output: Diagnostic[] } } }
        | { _tag: 'Left'; left: Error };
      handled++;
      const record = (side: string, d: Diagnostic) =>
        violations.push({
          method: input.method.toUpperCase(),
          path: input.url.path,
          location: [side, ...(d.path ?? [])].join('.'),
          severity: severities[d.severity] ?? String(d.severity),
          message: d.message,
        });
      if (result._tag === 'Right') {
        for (const d of result.right.validations.input) record('request', d);
        for (const d of result.right.validations.output) record('response', d);
      } else {
        record('prism', { severity: 0, message: result.left.message });
      }
      return result;
    };
  };

  const address = await server.listen(0, '127.0.0.1');
  return {
    url: address,
    violations,
    requests: () => handled,
    close: () => server.close(),
  };
}
