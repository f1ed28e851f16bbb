// The generated parts of docs/api-notes.md: every expectation with its provenance (contracts/expectations.ts) and
// every response field the seed's samples show (schemas/documented.ts). contracts/test/provenance.test.ts fails when
// the docs drift; `UPDATE_DOCS=1 npx vitest run contracts/test/provenance.test.ts` rewrites them.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { documentedFields } from '../schemas/documented.ts';
import {
  allExpectations,
  assumptions,
  type Citation,
  contentType,
  errorEnvelope,
  isPending,
  type Part,
  type Provenance,
  responses,
} from './expectations.ts';

export const apiNotesPath = resolve(import.meta.dirname, '..', 'docs', 'api-notes.md');

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const cite = (c: Citation) => `${c.doc === 'seed' ? 'seed' : 'public notes'}, ${c.section}: ${c.says}`;
const provenanceText = (p: Provenance) =>
  p.kind === 'documented' ? `documented (${p.cite.map(cite).join('; ')})` : `assumed: ${p.assumption}`;

function pinnedAs(key: string): string {
  const e = allExpectations().find(([k]) => k === key)?.[1];
  if (!e) return '';
  if (e.answer.kind === 'success') {
    return e.answer.pin === 'exact' ? '200 exactly' : 'any 2xx (we expect 200)';
  }
  const { status, pin, code, codeBranchedOnBy } = e.answer;
  const statusText = pin === 'exact' ? `${status} exactly` : `a 4xx (we expect ${status})`;
  const codeText = codeBranchedOnBy
    ? `code ${code} exactly: ${codeBranchedOnBy} branches on it`
    : `any non-empty code (we expect ${code})`;
  return `${statusText}; ${codeText}`;
}

export function renderExpectations(): string {
  const rows = allExpectations().map(([key, e]) => [
    `\`${key}\`: ${e.description}`,
    isPending(e) ? `**pending** — ${provenanceText(e.rule)}` : provenanceText(e.rule),
    pinnedAs(key),
  ]);
  const parts: [string, Part][] = [
    ['`status` (Offers)', errorEnvelope.status.offers],
    ['`status` (POS)', errorEnvelope.status.pos],
    ['`errors`', errorEnvelope.errors],
    ['`errors.code`', errorEnvelope.code],
    ['`errors.message`', errorEnvelope.message],
    ['`payload: null` (POS)', errorEnvelope.payload],
    ['`errors.validation_errors`', errorEnvelope.validationErrors],
    ['`Content-Type`', contentType],
  ];
  return [
    '### Every interaction',
    '',
    'An interaction whose rule is assumed is a Pact V4 pending interaction with a comment naming the assumption:',
    'reported when a provider differs, never failing. Every other interaction pins its documented parts strictly and',
    'its assumed answer only as far as the consumer depends on it.',
    '',
    '| interaction | what it tests | pinned as |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
    '',
    '### Error bodies',
    '',
    'Pacts pin the error envelope by shape: `status` `error`/`ERROR`, `errors.code` a non-empty string,',
    '`errors.message` a string. Neither `payload` nor `validation_errors` is pinned.',
    '',
    '| part | provenance |',
    '| --- | --- |',
    ...parts.map(([part, p]) => `| ${part} | ${cell(provenanceText(p.provenance))} |`),
    '',
    '### Success answers',
    '',
    '| operation | shape |',
    '| --- | --- |',
    ...Object.entries(responses).map(([op, p]) => `| ${op} | ${cell(provenanceText(p))} |`),
    '',
    '### Every assumption',
    '',
    ...assumptions().map((a, i) => `${i + 1}. **${a.where}**: ${a.assumption}`),
  ].join('\n');
}

export function renderResponseFields(): string {
  const fields = documentedFields();
  const schemas = [...new Set(fields.map((f) => f.schema))];
  const out = [
    "Every field a sample response of the seed shows is required, with the sample's JSON type; null is allowed only",
    'where the sample has null; unknown extra fields are allowed. `schemas/test/documented.test.ts` holds each schema',
    'to this table.',
    '',
  ];
  for (const schema of schemas) {
    out.push(`**${schema}**`, '', '| field | sample | schema allows | decision |', '| --- | --- | --- | --- |');
    for (const f of fields.filter((x) => x.schema === schema)) {
      const decision = f.exception ?? (f.required ? 'required' : 'not required');
      out.push(
        `| \`${f.path}\` | ${f.sample} | ${f.allows.join(' or ')} | ${cell(f.required ? decision : `not required: ${decision}`)} |`,
      );
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

const blocks = {
  expectations: renderExpectations,
  'response-fields': renderResponseFields,
} as const;

const marker = (name: string, edge: 'start' | 'end') => `<!-- generated:${name}:${edge} (contracts/notes.ts) -->`;

/** The docs with each generated block replaced by what the sources say now. */
export function refreshedNotes(text: string): string {
  let out = text;
  for (const [name, render] of Object.entries(blocks)) {
    const start = marker(name, 'start');
    const end = marker(name, 'end');
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${apiNotesPath} has no ${start} … ${end} block`);
    out = `${out.slice(0, from + start.length)}\n${render()}\n${out.slice(to)}`;
  }
  return out;
}

export function updateNotes(path = apiNotesPath): boolean {
  const text = readFileSync(path, 'utf8');
  const next = refreshedNotes(text);
  if (next !== text) writeFileSync(path, next);
  return next !== text;
}
