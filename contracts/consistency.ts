// Pacts and schemas must not drift apart: every example body validates, every operation is covered, no secrets.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOperations, type OperationInfo } from '../schemas/catalog.ts';
import { validate, violationText } from '../schemas/validate.ts';
import { allExpectations, expectationFor, isPending } from './expectations.ts';
import { invalidApiKey, pactDir, placeholderApiKey } from './names.ts';

export interface PactInteraction {
  description: string;
  pending?: boolean;
  comments?: { text?: string[] };
  providerStates?: { name: string; params?: Record<string, unknown> }[];
  request: { method: string; path: string; headers?: Record<string, string[]>; body?: { content?: unknown } };
  response: {
    status: number;
    body?: { content?: unknown };
    matchingRules?: { status?: Record<string, { matchers: { match: string; status?: unknown }[] }> };
  };
}

export interface PactFile {
  consumer: { name: string };
  provider: { name: string };
  interactions: PactInteraction[];
}

export function readPacts(dir: string = pactDir): { file: string; pact: PactFile }[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file: join(dir, file), pact: JSON.parse(readFileSync(join(dir, file), 'utf8')) as PactFile }));
}

function operationFor(
  interaction: PactInteraction,
  operations: OperationInfo[] = loadOperations(),
): OperationInfo | undefined {
  const { method, path } = interaction.request;
  return operations.find((op) => op.methods.includes(method.toUpperCase()) && [op.path, ...op.aliases].includes(path));
}

const allowedAuthorization = new Set([`Basic ${placeholderApiKey}`, `Basic ${invalidApiKey}`]);

/** Every problem found, one line each, naming the interaction; empty when pacts and schemas agree. */
export function consistencyProblems(pacts: { file: string; pact: PactFile }[]): string[] {
  const operations = loadOperations();
  const problems: string[] = [];
  const covered = new Map(operations.map((op) => [op.operationId, { success: 0, error: 0 }]));

  for (const { pact } of pacts) {
    for (const interaction of pact.interactions) {
      const where = `${pact.consumer.name} → ${pact.provider.name}: "${interaction.description}"`;
      const op = operationFor(interaction, operations);
      if (!op) {
        problems.push(
          `${where}: ${interaction.request.method} ${interaction.request.path} is no operation of openapi.json`,
        );
        continue;
      }
      const { status } = interaction.response;
      const counts = covered.get(op.operationId);
      if (counts && status < 300) counts.success++;
      if (counts && status >= 400) counts.error++;
      if (status >= 400 && !op.errorStatuses.includes(status)) {
        problems.push(`${where}: status ${status} is not among ${op.operationId}'s error statuses in openapi.json`);
      }

      for (const value of interaction.request.headers?.Authorization ?? []) {
        if (!allowedAuthorization.has(value)) problems.push(`${where}: Authorization example is not a dummy key`);
      }

      const request = validate(op.requestSchema, interaction.request.body?.content);
      // A 400 interaction sends what the schema forbids; the pact and the schema must agree that it is invalid.
      if (status === 400 && request.ok) problems.push(`${where}: expects 400, but its request validates`);
      if (status !== 400 && !request.ok) {
        problems.push(`${where}: request breaks ${op.requestSchema}: ${violationText(request.violations)}`);
      }

      const responseSchema = status < 300 ? op.responseSchema : 'error.response.json';
      const response = validate(responseSchema, interaction.response.body?.content);
      // A success pact pins the fields its consumer reads; the rest of the documented answer is held to its schema
      // while verifying. What it does pin must agree with the schema.
      const violations = response.ok
        ? []
        : response.violations.filter((v) => status >= 300 || v.message !== 'is required');
      if (violations.length) problems.push(`${where}: response breaks ${responseSchema}: ${violationText(violations)}`);
    }
  }

  // Every interaction is declared in contracts/expectations.ts, pending exactly when its rule is assumed.
  const written = new Set<string>();
  for (const { pact } of pacts) {
    for (const interaction of pact.interactions) {
      const where = `${pact.consumer.name} → ${pact.provider.name}: "${interaction.description}"`;
      written.add(interaction.description);
      const expectation = expectationFor(interaction.description);
      if (!expectation) {
        problems.push(`${where}: not declared in contracts/expectations.ts`);
        continue;
      }
      if (Boolean(interaction.pending) !== isPending(expectation)) {
        problems.push(`${where}: pending is ${Boolean(interaction.pending)}, but its rule is ${expectation.rule.kind}`);
      }
      const expected = expectation.answer.kind === 'error' ? expectation.answer.status : 200;
      if (interaction.response.status !== expected) {
        problems.push(`${where}: answers ${interaction.response.status}, contracts/expectations.ts says ${expected}`);
      }
      const { rule } = expectation;
      if (rule.kind === 'assumed' && !interaction.comments?.text?.some((text) => text.includes(rule.assumption))) {
        problems.push(`${where}: pending, but no comment names its assumption`);
      }
      const byClass = Boolean(
        interaction.response.matchingRules?.status?.$?.matchers.some((m) => m.match === 'statusCode'),
      );
      if (byClass !== (expectation.answer.pin === 'class')) {
        problems.push(
          `${where}: status ${byClass ? 'matched by class' : 'pinned exactly'}, contracts/expectations.ts says ${expectation.answer.pin}`,
        );
      }
    }
  }
  for (const [key, e] of allExpectations()) {
    if (!written.has(e.description)) problems.push(`${key} ("${e.description}") has no interaction in the pacts`);
  }

  for (const [operationId, counts] of covered) {
    if (!counts.success) problems.push(`${operationId} has no success interaction`);
    if (!counts.error) problems.push(`${operationId} has no error interaction`);
  }
  return problems;
}
