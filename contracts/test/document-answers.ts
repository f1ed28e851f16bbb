// Child process of document.suite.ts: verifies pacts against Prism mocking an OpenAPI document, once per mock mode,
// so the verifier's console output stays out of the test log. Gets the job over IPC, answers with the mismatches.
// The verifier alone (as contracts/provider/verify-target.ts): not the consumer DSL, GraphQL and ramda.
import { Verifier } from '@pact-foundation/pact/src/dsl/verifier/index.js';
import { startPrism } from '../../schemas/test/prism.ts';

export interface AnswersJob {
  pactFiles: string[];
  runs: { document: string; modes: { dynamic: boolean; seed?: string }[] }[];
}

export interface AnswersResult {
  document: string;
  mode: string;
  /** One line per mismatch: "<interaction>: <JSON path> <what>". */
  mismatches: string[];
  /** What Prism said of the verifier's requests: the pacts' requests read against the document. */
  violations: string[];
}

interface VerifierFailure {
  errors?: { interaction: string; mismatch?: { mismatches?: { path?: string; mismatch: string }[] } }[];
}

function mismatchesOf(error: unknown): string[] {
  const message = (error as Error).message;
  let parsed: VerifierFailure;
  try {
    parsed = JSON.parse(message) as VerifierFailure;
  } catch {
    return [message];
  }
  return (parsed.errors ?? []).flatMap((e) =>
    (e.mismatch?.mismatches ?? [{ mismatch: 'failed' }]).map((m) => `${e.interaction}: ${m.path ?? ''} ${m.mismatch}`),
  );
}

process.once('message', async (job: AnswersJob) => {
  const results: AnswersResult[] = [];
  for (const { document, mode } of job.runs.flatMap((run) => run.modes.map((mode) => ({ ...run, mode })))) {
    const prism = await startPrism(document, { mock: mode, nonEmptyLists: true });
    const mismatches: string[] = [];
    for (const pactFile of job.pactFiles) {
      await new Verifier({ providerBaseUrl: prism.url, pactUrls: [pactFile], logLevel: 'error' })
        .verifyProvider()
        .catch((error: unknown) => mismatches.push(...mismatchesOf(error)));
    }
    await prism.close();
    const violations = prism.violations.map((v) => `${v.method} ${v.path} ${v.location}: ${v.message}`);
    const name = mode.dynamic ? `generated, seed ${mode.seed}` : 'examples';
    results.push({ document, mode: name, mismatches, violations });
  }
  process.send?.(results, () => process.exit(0));
});
