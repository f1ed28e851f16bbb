// Runs after the consumer suites in contracts.test.ts: the pacts against the bundled OpenAPI document, both ways.
// PactFlow's comparator reads the pacts against the document (as a broker does for the bi-directional route), and
// answers generated from the document by Prism's mock are verified against the pacts.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as comparator from '@pactflow/openapi-pact-comparator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nodeEntry } from '../../client/node-entry.ts';
import { bundledOpenApiFile, loadOpenApi } from '../../schemas/catalog.ts';
import { type PactFile, readPacts } from '../consistency.ts';
import { participants } from '../names.ts';
import { trustStoreEnv } from '../provider/verify-in-child.ts';
import type { AnswersJob, AnswersResult } from './document-answers.ts';

type Json = Record<string, any>;

interface ComparatorResult {
  type: 'error' | 'warning';
  code: string;
  message: string;
  mockDetails?: { location?: string };
}
// The package's .d.ts re-exports without file extensions, which NodeNext resolution cannot follow.
const { Comparator } = comparator as unknown as {
  Comparator: new (document: unknown) => { compare(pact: unknown): AsyncGenerator<ComparatorResult> };
};

type DocumentComparator = InstanceType<typeof Comparator>;
/** One comparator for the document, as a broker keeps one per provider contract: it compiles the document's schemas once. */
let bundledComparator: DocumentComparator | undefined;
const comparatorOfDocument = () => {
  bundledComparator ??= new Comparator(loadOpenApi());
  return bundledComparator;
};

/** Every problem PactFlow's openapi-pact-comparator reports for `pact`, errors and warnings, one line each. */
async function compare(comparator: DocumentComparator, pact: PactFile): Promise<{ type: string; line: string }[]> {
  const found: { type: string; line: string }[] = [];
  for await (const r of comparator.compare(pact)) {
    found.push({ type: r.type, line: `${r.code} at ${r.mockDetails?.location}: ${r.message}` });
  }
  return found;
}

function answers(job: AnswersJob): Promise<AnswersResult[]> {
  const entry = nodeEntry('contracts/test/document-answers.ts');
  const child = fork(entry.at(-1) as string, [], {
    execArgv: entry.slice(0, -1),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Local pact files only, as verify-in-child.ts's children.
    env: { ...process.env, ...trustStoreEnv([{ pactUrls: job.pactFiles }]) },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve, reject) => {
    let results: AnswersResult[] | undefined;
    child.on('message', (message: AnswersResult[]) => {
      results = message;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (results) resolve(results);
      else reject(new Error(`document-answers.ts ended (exit ${code}) without results:\n${output}`));
    });
    child.send(job);
  });
}

/** A copy of the document whose unlock answer may be an object, as it was before the pacts' payload: null. */
function brokenDocument(file: string): string {
  const broken = structuredClone(loadOpenApi()) as Json;
  broken.components.schemas.UnlockUserOfferResponse.properties.payload = {
    type: 'object',
    properties: { released: { type: 'boolean' } },
    required: ['released'],
  };
  writeFileSync(file, JSON.stringify(broken));
  return file;
}

export function documentSuite(pactDir: string): void {
  let scratch: string;
  let pacts: { file: string; pact: PactFile }[];
  /** One child run for both documents: Prism and the verifier take seconds to load. */
  let verdicts: Promise<AnswersResult[]>;
  let broken: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'pacts-vs-openapi-'));
    pacts = readPacts(pactDir);
    // Success interactions only: a document-driven mock answers 200 unless told otherwise.
    const pactFiles = pacts.map(({ file, pact }) => {
      const copy = { ...pact, interactions: pact.interactions.filter((i) => i.response.status < 300) };
      const out = join(scratch, file.split('/').pop() as string);
      writeFileSync(out, JSON.stringify(copy));
      return out;
    });
    broken = brokenDocument(join(scratch, 'broken-openapi.json'));
    const seeded = ['1', '2', '3'].map((seed) => ({ dynamic: true, seed }));
    verdicts = answers({
      pactFiles,
      runs: [
        { document: bundledOpenApiFile, modes: [{ dynamic: false }, ...seeded] },
        { document: broken, modes: seeded.slice(0, 1) },
      ],
    });
    // Awaited by the tests; a rejection is theirs to report.
    verdicts.catch(() => undefined);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('PactFlow openapi-pact-comparator finds both pacts compatible with the bundled document', async () => {
    expect(pacts.map(({ pact }) => pact.provider.name).sort()).toEqual(
      [participants.offers.provider, participants.pos.provider].sort(),
    );
    for (const { file, pact } of pacts) {
      const errors = (await compare(comparatorOfDocument(), pact)).filter((r) => r.type === 'error');
      expect(
        errors.map((e) => e.line),
        file,
      ).toEqual([]);
    }
  });

  it('PactFlow openapi-pact-comparator reports an error for a pact with a changed field type', async () => {
    const pos = structuredClone(pacts.find(({ pact }) => pact.provider.name === participants.pos.provider)?.pact);
    const lock = pos?.interactions.find((i) => i.request.path.endsWith('/redemption/lock') && i.response.status < 300);
    const body = lock?.response.body?.content as Json | undefined;
    if (!pos || !body) throw new Error('the POS pact has no successful lock');
    body.payload.amount = String(body.payload.amount);
    const errors = (await compare(comparatorOfDocument(), pos)).filter((r) => r.type === 'error');
    expect(errors.map((e) => e.line)).toEqual([
      expect.stringMatching(/^response\.body\.incompatible at .*\.response\.body\.payload\.amount: .*must be number/),
    ]);
  });

  it("satisfies every success interaction with the document's answers: its examples, and three generated", async () => {
    const results = (await verdicts).filter((r) => r.document === bundledOpenApiFile);
    expect(results.map((r) => r.mode)).toEqual([
      'examples',
      'generated, seed 1',
      'generated, seed 2',
      'generated, seed 3',
    ]);
    for (const result of results) {
      expect(result.mismatches, result.mode).toEqual([]);
      expect(result.violations, result.mode).toEqual([]);
    }
  }, 120_000);

  it('fails the pacts with answers from a document that allows what they forbid (an unlock payload object)', async () => {
    const [result] = (await verdicts).filter((r) => r.document === broken);
    expect(result?.mismatches).toEqual([expect.stringMatching(/unlock.*: \$\.payload .*null/i)]);
  }, 120_000);
}
