// Turns ajv errors into one line per problem, each naming its JSON path. No Node built-ins: k6 bundles use it too.
import type { ErrorObject } from 'ajv';

export interface SchemaViolation {
  path: string;
  message: string;
}

/** Past this many characters a value is shown cut short: a message stays one readable line, even for 2 MB of input. */
export const shownValueChars = 60;

/** A value as messages show it: its JSON, cut short when long, saying how long it was. */
export function quote(value: unknown): string {
  // A long string is cut before it is encoded: encoding all of a fuzzed 2 MB string only to drop it cost seconds.
  const cut = typeof value === 'string' && value.length > shownValueChars;
  const text = JSON.stringify(cut ? value.slice(0, shownValueChars) : value) ?? String(value);
  if (cut) return `${text.slice(0, -1)}…" (${value.length} chars)`;
  return text.length > shownValueChars ? `${text.slice(0, shownValueChars)}… (${text.length} chars of JSON)` : text;
}

function describe(error: ErrorObject): SchemaViolation {
  const at = error.instancePath || '/';
  const parent = (error.parentSchema ?? {}) as { title?: string; examples?: unknown[] };
  switch (error.keyword) {
    case 'required':
      return { path: `${error.instancePath}/${error.params.missingProperty}`, message: 'is required' };
    case 'additionalProperties':
      return { path: `${error.instancePath}/${error.params.additionalProperty}`, message: 'is not allowed here' };
    case 'unevaluatedProperties':
      return { path: `${error.instancePath}/${error.params.unevaluatedProperty}`, message: 'is not allowed here' };
    case 'pattern': {
      const what = parent.title ?? `text matching ${error.params.pattern}`;
      const examples = parent.examples?.length ? ` such as ${parent.examples.map(quote).join(' or ')}` : '';
      return { path: at, message: `must be a ${what}${examples}, got ${quote(error.data)}` };
    }
    case 'type':
      return { path: at, message: `must be ${error.params.type}, got ${quote(error.data)}` };
    case 'enum':
      return {
        path: at,
        message: `must be one of ${error.params.allowedValues.map(quote).join(', ')}, got ${quote(error.data)}`,
      };
    case 'const':
      return { path: at, message: `must be ${quote(error.params.allowedValue)}, got ${quote(error.data)}` };
    default:
      return { path: at, message: error.message ?? error.keyword };
  }
}

/** The distinct problems, most specific first; anyOf/allOf wrapper errors are dropped when a detail explains them. */
export function formatErrors(errors: readonly ErrorObject[] | null | undefined): SchemaViolation[] {
  if (!errors?.length) return [];
  const detailed = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'allOf' && e.keyword !== 'if');
  const seen = new Set<string>();
  const out: SchemaViolation[] = [];
  for (const error of detailed.length ? detailed : errors) {
    const violation = describe(error);
    const key = `${violation.path} ${violation.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(violation);
    }
  }
  return out;
}

export const violationText = (violations: readonly SchemaViolation[]) =>
  violations.map((v) => `${v.path}: ${v.message}`).join('; ');
