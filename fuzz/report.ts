// The run in words for the terminal, and as JSON for reports/<timestamp>-fuzz/fuzz.json. The API key never appears.
import { join } from 'node:path';
import type { NetworkKind } from '../client/causes.ts';
import { writeRunFolder } from '../reporting/run-folder.ts';
import type { FuzzCase } from './cases.ts';
import type { Finding, FuzzRun, Tally } from './run.ts';

export interface ReportContext {
  /** Origin only: a URL with credentials in it is never printed. */
  target: string;
  /** The arguments that make a replay hit the same target with the same cases (--target, --operations…). */
  replayArgs?: string[];
  operations: string[];
  cases: number;
  rate?: number;
  /** Redacted from everything written, in case an answer echoes it. */
  apiKey: string;
}

/** The key, wherever an answer might have echoed it. */
export const redact = (text: string, apiKey: string) => (apiKey ? text.replaceAll(apiKey, '[redacted]') : text);

const replay = (run: FuzzRun, finding: Finding, args: string[] = []) =>
  ['npm run fuzz --', ...args, '--seed', String(run.seed), '--case', String(finding.case.index)].join(' ');

const outcomeWords: Record<Finding['outcome'], string> = {
  accepted: 'was accepted',
  'server-error': 'got a server error',
  'network-error': 'got no HTTP answer',
  'bad-envelope': 'was rejected without the error envelope',
  'state-changed': "changed the mock's state",
};

/** One plain sentence per finding, for vendor acceptance; its replay command reproduces the case. */
export function findingText(run: FuzzRun, finding: Finding, replayArgs: string[] = []): string {
  const c = finding.case;
  const status = finding.status === 0 ? '' : ` (${finding.status})`;
  return `case ${c.index}: ${c.operationId} ${c.method} ${c.path} with ${c.description} ${outcomeWords[finding.outcome]}${status}: ${finding.detail.slice(0, 200)} [replay: ${replay(run, finding, replayArgs)}]`;
}

const row = (name: string, t: Tally) =>
  `  ${name.padEnd(22)}${[t.total, t.rejected, t.accepted, t['server-error'], t['network-error'], t['bad-envelope']].map((n) => String(n).padStart(9)).join('')}`;

/** The target stopped taking connections: how many cases never reached it, from which case on. */
export function undeliveredLine(run: FuzzRun): string | undefined {
  const u = run.undelivered;
  if (!u) return undefined;
  const first = Math.min(...u.cases.map((c) => c.index));
  const before =
    run.sent > 0
      ? `after ${run.sent} cases were answered; one sent just before case ${first} may have brought it down`
      : 'nothing was delivered';
  return `the target stopped taking connections at case ${first} (${u.error || u.kind}): ${u.cases.length} cases were not delivered, the rest not tried; ${before}`;
}

export function summaryLines(run: FuzzRun, limit = 20, replayArgs: string[] = []): string[] {
  const header = `  ${''.padEnd(22)}${['cases', '4xx ok', '2xx', '5xx', 'network', 'envelope'].map((h) => h.padStart(9)).join('')}`;
  const lines = [
    `fuzz: seed ${run.seed}, ${run.sent} cases sent in ${(run.durationMs / 1000).toFixed(1)} s, ${run.stateChecks} state checks`,
    'by operation:',
    header,
    ...Object.entries(run.byOperation).map(([name, t]) => row(name, t)),
    'by mutation:',
    header,
    ...Object.entries(run.byKind).map(([name, t]) => row(name, t)),
    row('all', run.total),
    `statuses: ${Object.entries(run.byStatus)
      .map(([status, n]) => `${status}×${n}`)
      .join(' ')}`,
  ];
  if (run.unsent.length > 0) lines.push(`generator bugs: ${run.unsent.length} well-formed cases were not sent`);
  const undelivered = undeliveredLine(run);
  if (undelivered) lines.push(`undelivered: ${undelivered}`);
  if (run.findings.length === 0) return [...lines, 'findings: none'];
  lines.push(`findings: ${run.findings.length}`);
  for (const finding of run.findings.slice(0, limit)) lines.push(`  ${findingText(run, finding, replayArgs)}`);
  if (run.findings.length > limit) lines.push(`  ... ${run.findings.length - limit} more in the report`);
  return lines;
}

/** fuzz.json: the run's tallies and every finding with the command that replays it. */
export interface FuzzReport
  extends Omit<ReportContext, 'apiKey' | 'replayArgs'>,
    Pick<FuzzRun, 'seed' | 'sent' | 'durationMs' | 'stateChecks' | 'total' | 'byOperation' | 'byKind' | 'byStatus'> {
  findings: {
    text: string;
    outcome: Finding['outcome'];
    status: number;
    detail: string;
    replay: string;
    /** The body cut to 2,000 characters; bodyLength is its whole length. */
    case: FuzzCase & { bodyLength: number };
  }[];
  undelivered?: { kind: NetworkKind; error: string; cases: number };
  generatorBugs: Pick<FuzzCase, 'index' | 'operationId' | 'description'>[];
}

const bodyPreview = (body: string) => (body.length > 2000 ? `${body.slice(0, 2000)}...` : body);

export function reportJson(run: FuzzRun, context: ReportContext): string {
  const { apiKey, replayArgs, ...rest } = context;
  const report: FuzzReport = {
    ...rest,
    seed: run.seed,
    sent: run.sent,
    durationMs: run.durationMs,
    stateChecks: run.stateChecks,
    total: run.total,
    byOperation: run.byOperation,
    byKind: run.byKind,
    byStatus: run.byStatus,
    findings: run.findings.map((finding) => ({
      text: findingText(run, finding, replayArgs),
      outcome: finding.outcome,
      status: finding.status,
      detail: finding.detail,
      replay: replay(run, finding, replayArgs),
      case: { ...finding.case, body: bodyPreview(finding.case.body), bodyLength: finding.case.body.length },
    })),
    ...(run.undelivered
      ? {
          undelivered: {
            kind: run.undelivered.kind,
            error: run.undelivered.error,
            cases: run.undelivered.cases.length,
          },
        }
      : {}),
    generatorBugs: run.unsent.map((c) => ({ index: c.index, operationId: c.operationId, description: c.description })),
  };
  return redact(JSON.stringify(report, null, 2), apiKey);
}

/** Writes the run folder `dir` (fuzz.json); returns the file's path. */
export async function writeReport(dir: string, run: FuzzRun, context: ReportContext): Promise<string> {
  await writeRunFolder(dir, { 'fuzz.json': `${reportJson(run, context)}\n` });
  return join(dir, 'fuzz.json');
}
