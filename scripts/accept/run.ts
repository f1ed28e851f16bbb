// runAcceptance: the plan first (nothing sent), the guard and a reachability probe, then the four sections in
// order against one provider, one run folder, one verdict.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SessionMClient } from '../../client/client.ts';
import { exitCodes } from '../../client/exit-codes.ts';
import { guardTarget } from '../../client/guard.ts';
import { nodeTransport } from '../../client/node-transport.ts';
import { shownUrl, unreachable } from '../../client/reach.ts';
import type { PactInteraction } from '../../contracts/consistency.ts';
import { pactFile, shownPactDir } from '../../contracts/names.ts';
import { readOnlyOperations } from '../../fuzz/plan.ts';
import { redact } from '../../fuzz/report.ts';
import { membersNeeded } from '../../load/lib/plan.ts';
import { settingsFromEnv } from '../../load/lib/profiles.ts';
import {
  type AcceptanceResult,
  type Created,
  type PlanLine,
  type Section,
  type SectionName,
  sectionTitles,
} from '../../reporting/acceptance/types.ts';
import { acceptanceVerdict, sectionLine } from '../../reporting/acceptance/verdict.ts';
import { type AcceptanceFiles, writeAcceptanceReports } from '../../reporting/acceptance/write.ts';
import { collectSettings, defaultRunDir, type RunFiles } from '../../reporting/index.ts';
import { runContracts } from './contracts.ts';
import { runLoadSection } from './load.ts';
import { runNegative } from './negative.ts';
import { type AcceptOptions, defaults } from './options.ts';
import { acceptancePlan, type LoadPlan } from './plan.ts';
import { runWorkflow } from './workflow.ts';

export interface AcceptIo {
  /** Progress and results. */
  out(line: string): void;
  /** Refusals and errors. */
  err(line: string): void;
}

export interface AcceptOutcome {
  /** 0 accepted, 1 not accepted, 2 refused or unreachable (nothing sent). */
  exitCode: number;
  result?: AcceptanceResult;
  files?: AcceptanceFiles;
}

/** Both pacts' interactions, written first by the consumer tests when they are missing. */
async function pactInteractions(log: (line: string) => void): Promise<PactInteraction[] | { notRun: string }> {
  const files = [pactFile('offers'), pactFile('pos')];
  if (!files.every(existsSync)) {
    log(`contracts: no pacts in ${shownPactDir} yet: writing them (the consumer tests)…`);
    const { generatePacts } = await import('../../contracts/generate.ts');
    if ((await generatePacts()) !== 0)
      return { notRun: 'the consumer tests that write the pacts failed (output above)' };
  }
  return files.flatMap(
    (f) => (JSON.parse(readFileSync(f, 'utf8')) as { interactions: PactInteraction[] }).interactions,
  );
}

const notRun = (name: SectionName, reason: string): Section => {
  const common = { status: 'not-run' as const, headline: 'not run', reason, failures: [], notes: [], durationMs: 0 };
  switch (name) {
    case 'contracts':
      return { name, ...common, interactions: [], strict: false };
    case 'workflow':
      return { name, ...common, steps: [] };
    case 'load':
      return { name, ...common, integrity: [] };
    case 'negative':
      return {
        name,
        ...common,
        seed: 0,
        counts: { sent: 0, refused: 0, defect: 0, differs: 0, lenient: 0 },
        findings: [],
      };
  }
};

function planLines(plan: PlanLine[], targets: { offers: string; pos: string }, runDir: string): string[] {
  const where = targets.offers === targets.pos ? targets.offers : `offers ${targets.offers} and POS ${targets.pos}`;
  const total = plan.reduce((n, p) => n + p.requests, 0);
  return [
    `accept: the plan for ${where} (nothing is sent before this is printed; run folder ${runDir})`,
    ...plan.map(
      (p, i) =>
        `  ${i + 1}. ${sectionTitles[p.section].padEnd(15)} about ${p.requests.toLocaleString('en')} requests, ${p.rate}; creates ${p.creates} — ${p.detail}`,
    ),
    `  about ${total.toLocaleString('en')} requests in all; the API cannot delete what the run creates`,
  ];
}

export async function runAcceptance(o: AcceptOptions, io: AcceptIo): Promise<AcceptOutcome> {
  const scrub = (text: string) => redact(text, o.config.apiKey);
  const out = (line: string) => io.out(scrub(line));
  const startedAt = new Date();
  const runId = startedAt.getTime().toString(36);
  const runDir = resolve(o.outDir ?? defaultRunDir('accept', startedAt));
  const targets = { offers: shownUrl(o.config.offersUrl), pos: shownUrl(o.config.posUrl) };

  const interactions = await pactInteractions(out);
  const settings = settingsFromEnv({ PROFILE: 'smoke', RATE: String(o.rate), DURATION: `${o.durationS}s` });
  const needed = membersNeeded(o.rate, o.flowP99Ms);
  const loadPlan: LoadPlan | { notRun: string } = o.members
    ? { settings, flowP99Ms: o.flowP99Ms, walletSize: o.walletSize, members: o.members.list.length, seeded: false }
    : o.fixtures.mockAdmin
      ? { settings, flowP99Ms: o.flowP99Ms, walletSize: o.walletSize, members: needed, seeded: true }
      : {
          notRun: `no --members: ${o.rate} flows/s need ${needed} test members of this provider (rate × SLO_FLOW_P99_MS ${o.flowP99Ms} ms), a JSON array of {"external_customer_id": "…"} (load/data/members.example.json)`,
        };
  const plan = acceptancePlan({
    interactions: Array.isArray(interactions) ? interactions : [],
    fixtures: o.fixtures,
    load: loadPlan,
    negative: { cases: o.cases, rate: defaults.negativeRate, operations: readOnlyOperations },
  });
  for (const line of planLines(plan, targets, runDir)) out(line);

  const peak = Math.max(defaults.negativeRate, 'notRun' in loadPlan ? 0 : o.rate * 4);
  for (const origin of new Set([o.config.offersUrl, o.config.posUrl])) {
    const verdict = guardTarget(
      {
        tool: 'accept',
        target: origin,
        rate: `up to ${peak} requests/s`,
        volume: `about ${plan.reduce((n, p) => n + p.requests, 0).toLocaleString('en')} requests`,
        operations: ['every operation (the plan above)'],
      },
      o.yes,
      (line) => io.err(scrub(line)),
    );
    if (!verdict.allowed) {
      io.err(scrub(`accept: ${verdict.message}`));
      return { exitCode: verdict.exitCode };
    }
  }
  const apis =
    o.config.offersUrl === o.config.posUrl
      ? [{ url: o.config.offersUrl, what: 'the SessionM APIs' }]
      : [
          { url: o.config.offersUrl, what: 'the Offers API' },
          { url: o.config.posUrl, what: 'the POS API' },
        ];
  const dead = await unreachable(apis, { timeoutMs: o.connectMs });
  if (dead.length) {
    for (const line of dead) io.err(scrub(`accept: ${line}`));
    return { exitCode: exitCodes.refused };
  }

  const transport = nodeTransport({ connections: 10 });
  const client = new SessionMClient(o.config, transport);
  const sections: Section[] = [];
  const created: Created[] = [];
  // The sections' own files (the verifier's output, the Load section's members), written with the reports.
  const files: RunFiles = {};
  const member = o.fixtures.member;

  async function section(name: SectionName, run: () => Promise<Section>) {
    out(`accept: ${sections.length + 1}/4 ${sectionTitles[name]}…`);
    let result: Section;
    try {
      result = await run();
    } catch (error) {
      // A bug in the suite (or an answer it cannot read): the other sections still run, and the report says so.
      io.err(
        scrub(
          `accept: ${sectionTitles[name]} stopped: internal error, a bug in the suite (not in your input); please report it with this trace:\n${(error as Error).stack ?? error}`,
        ),
      );
      const headline = `stopped with an error: ${(error as Error).message}`;
      result = { ...notRun(name, ''), status: 'failed', headline, reason: undefined, failures: [headline] };
    }
    sections.push(result);
    out(`accept: ${sectionLine(result)}`);
  }

  try {
    await section('contracts', async () => {
      if (!Array.isArray(interactions)) return notRun('contracts', interactions.notRun);
      const run = await runContracts(o.config, o.fixtures, o.strict);
      created.push(...run.created);
      Object.assign(files, run.files);
      return run.section;
    });
    await section('workflow', async () => {
      const run = await runWorkflow(client, member, runId);
      const { offerId, userOfferId, transactions } = run.created;
      if (offerId) created.push({ section: 'workflow', what: `offer "Acceptance ${runId}"`, count: 1, ids: [offerId] });
      if (userOfferId) created.push({ section: 'workflow', what: 'user offer', count: 1, ids: [userOfferId] });
      if (transactions.length) {
        created.push({ section: 'workflow', what: 'transactions', count: transactions.length, ids: transactions });
      }
      return run.section;
    });
    await section('load', async () => {
      if ('notRun' in loadPlan) return notRun('load', loadPlan.notRun);
      const run = await runLoadSection({
        config: o.config,
        client,
        members: o.members ? { list: o.members.list } : { seed: needed },
        rate: o.rate,
        durationS: o.durationS,
        runId,
        env: o.env,
        log: out,
      });
      created.push(...run.created);
      Object.assign(files, run.files);
      return run.section;
    });
    await section('negative', () =>
      runNegative({
        config: o.config,
        client,
        member,
        cases: o.cases,
        seed: o.seed,
        rate: defaults.negativeRate,
        strict: o.strict,
        mock: o.fixtures.mockAdmin,
      }),
    );
  } finally {
    await transport.close();
  }

  const verdict = acceptanceVerdict(sections);
  const result: AcceptanceResult = {
    version: 1,
    accepted: verdict.accepted,
    reasons: verdict.reasons,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    targets,
    strict: o.strict,
    plan,
    sections,
    created,
    settings: collectSettings({
      target: targets.offers === targets.pos ? targets.offers : `offers ${targets.offers}, POS ${targets.pos}`,
      extra: {
        fixtures: o.fixturesFile,
        rate: `${o.rate} flows/s`,
        duration: `${o.durationS}s`,
        'negative cases': o.cases,
        'negative seed': o.seed,
        strict: o.strict,
      },
    }),
  };
  const written = await writeAcceptanceReports(runDir, result, { scrub, updateLatest: !o.outDir, files });
  out('');
  out(`accept: ${verdict.accepted ? 'ACCEPTED' : 'NOT ACCEPTED'}`);
  for (const s of sections) out(`  ${s.status === 'passed' ? '✓' : '✗'} ${sectionLine(s)}`);
  out(`accept: report ${written.html}, ${written.junit}, ${written.markdown}, ${written.json}`);
  return { exitCode: verdict.accepted ? exitCodes.ok : exitCodes.failed, result, files: written };
}
