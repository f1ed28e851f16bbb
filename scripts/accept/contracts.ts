// The Contracts section: both pacts verified against the provider (npm run verify's verification), every answer held
// to its schema, each interaction classified documented failure / difference from our assumptions / not run.
import type { SessionMConfig } from '../../client/config.ts';
import { commonFailure } from '../../contracts/provider/diagnosis.ts';
import type { Fixtures } from '../../contracts/provider/fixtures.ts';
import { toReportInteractions } from '../../contracts/provider/reports.ts';
import { headline, type InteractionResult, runPassed } from '../../contracts/provider/results.ts';
import { verifyLocalPacts } from '../../contracts/provider/verify-local-pacts.ts';
import type { ContractsSection, Created } from '../../reporting/acceptance/types.ts';
import type { RunFiles } from '../../reporting/index.ts';
import { contractsMade } from './plan.ts';

const title = (r: InteractionResult) =>
  `${r.consumer} → ${r.provider}: ${r.description}${r.states.length ? ` (given ${r.states.join(' and ')})` : ''}`;

export async function runContracts(
  config: SessionMConfig,
  fixtures: Fixtures,
  strict: boolean,
): Promise<{ section: ContractsSection; created: Created[]; files: RunFiles }> {
  const started = performance.now();
  const run = await verifyLocalPacts({
    offersUrl: config.offersUrl,
    posUrl: config.posUrl,
    apiKey: config.apiKey,
    fixtures,
  });
  const results = run.results;
  const documented = results.filter((r) => r.outcome === 'failed' && !r.pendingPact);
  const differs = results.filter((r) => r.outcome === 'differs');
  const notRun = results.filter((r) => r.outcome === 'not-run');
  const differenceLines = differs.flatMap((r) => r.differences.map((d) => `${r.description}: ${d.message}`));
  const notRunLines = notRun.map((r) => `not run: ${r.description}: ${r.notRun ?? ''}`);
  const made = contractsMade(results, fixtures);
  const passed = runPassed(results, strict);
  // One cause behind every interaction that did not verify (a refused key, a dead provider) is said first.
  const cause = passed ? undefined : commonFailure(results);
  return {
    section: {
      name: 'contracts',
      status: passed ? 'passed' : 'failed',
      headline: headline(results, strict).replace(/^(PASSED|FAILED): /, ''),
      failures: [
        ...(cause ? [cause] : []),
        ...documented.flatMap((r) => r.failures.map((f) => `${title(r)}: ${f}`)),
        ...(strict ? [...differenceLines, ...notRunLines] : []),
      ],
      notes: strict ? [] : [...differenceLines, ...notRunLines],
      durationMs: performance.now() - started,
      interactions: toReportInteractions(results, strict),
      strict,
    },
    created: [
      { section: 'contracts', what: 'offers (state set-up and created offers)', count: made.offers },
      { section: 'contracts', what: 'user offers (state set-up and issued offers)', count: made.userOffers },
    ].filter((c) => c.count > 0) as Created[],
    files: { 'contracts-verifier-output.txt': run.output },
  };
}
