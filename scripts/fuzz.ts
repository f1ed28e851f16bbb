// `npm run fuzz -- [--target URL --yes] [--seed N] [--cases N] ...`: schema-driven negative testing (fuzz/README.md).
import { ConfigError, configFromEnv, defaults, type SessionMConfig } from '../client/config.ts';
import { exitCodes } from '../client/exit-codes.ts';
import { guardTarget, isLoopback } from '../client/guard.ts';
import { MockAdminClient } from '../client/mock-admin.ts';
import { nodeTransport } from '../client/node-transport.ts';
import { connectTimeoutMs, probe, unreachableLine } from '../client/reach.ts';
import { fixtureVariables } from '../contracts/provider/fixtures.ts';
import { demo } from '../fixtures/demo.ts';
import type { Pins } from '../fuzz/cases.ts';
import { type FuzzPlan, planFromArgs, UsageError, usage, wantsHelp } from '../fuzz/plan.ts';
import { redact, summaryLines, undeliveredLine, writeReport } from '../fuzz/report.ts';
import { defaultRunDir } from '../reporting/run-folder.ts';
import { runCommand } from './cli.ts';

const pinsOf = (ids: Pick<SessionMConfig, 'retailerId' | 'storeId' | 'clientId'>): Pins => ({
  retailer_id: ids.retailerId,
  store_id: ids.storeId,
  client_id: ids.clientId,
});

/** A target's test member (the fixtures' variables, as npm run accept's replay lines set them): lookups that name it. */
function memberPins(): Pins {
  const pins: Pins = {};
  const externalId = process.env[fixtureVariables['member.external_customer_id']];
  const userId = process.env[fixtureVariables['member.user_id']];
  if (externalId) pins.external_customer_id = externalId;
  if (userId) pins.user_id = userId;
  return pins;
}

/** A loopback target that answers GET /__mock/state with the mock's state is a running mock: check its state too. */
async function isMock(target: string): Promise<boolean> {
  if (!isLoopback(target)) return false;
  const transport = nodeTransport({ connections: 1, timeoutMs: 2000 });
  try {
    return (await new MockAdminClient(target, transport).state()).ok;
  } finally {
    await transport.close();
  }
}

async function execute(plan: FuzzPlan): Promise<number> {
  let config: SessionMConfig;
  try {
    config = configFromEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  if (plan.target !== undefined) {
    let timeoutMs: number;
    try {
      timeoutMs = connectTimeoutMs(plan.connectTimeout);
    } catch (error) {
      return fail((error as Error).message);
    }
    const reach = await probe(plan.target, { timeoutMs });
    if (!reach.ok) {
      console.error(`fuzz: ${unreachableLine(reach)}`);
      return exitCodes.refused;
    }
  }
  // The run's modules (the mock, the case generator) load only past the arguments and the probe.
  const [{ runFuzz }, { startMock }] = await Promise.all([import('../fuzz/run.ts'), import('../mock/server.ts')]);
  const mock = plan.target === undefined ? await startMock({ port: 0 }) : undefined;
  const baseUrl = mock?.url ?? (plan.target as string);
  const apiKey = mock ? defaults.apiKey : config.apiKey;
  // The demo member of the embedded mock: lookups that name a real member.
  const pins = mock
    ? { ...pinsOf(demo), external_customer_id: demo.member.externalCustomerId }
    : { ...pinsOf(config), ...memberPins() };
  const stateEvery = mock || (await isMock(baseUrl)) ? 250 : undefined;
  console.log(`fuzz: seed ${plan.seed} (replay with --seed ${plan.seed}), target ${new URL(baseUrl).origin}`);
  try {
    const run = await runFuzz({
      baseUrl,
      apiKey,
      seed: plan.seed,
      cases: plan.cases,
      operations: plan.operations,
      pins,
      concurrency: plan.concurrency,
      ...(plan.rate === undefined ? {} : { rate: plan.rate }),
      ...(stateEvery === undefined ? {} : { stateEvery }),
      ...(plan.only === undefined
        ? {}
        : {
            only: plan.only,
            onAnswer: (c, answer, outcome) =>
              console.log(
                redact(
                  `case ${c.index}: ${c.operationId} ${c.method} ${c.path} with ${c.description} → ${answer.status || answer.error} (${outcome})`,
                  apiKey,
                ),
              ),
          }),
    });
    const undelivered = undeliveredLine(run);
    if (undelivered && run.sent === 0) {
      // Not one finding: the target took no connection at all.
      console.error(`fuzz: ${undelivered}`);
      return exitCodes.refused;
    }
    for (const line of summaryLines(run, 20, plan.replayArgs)) console.log(redact(line, apiKey));
    const file = await writeReport(plan.outDir ?? defaultRunDir('fuzz'), run, {
      target: new URL(baseUrl).origin,
      replayArgs: plan.replayArgs,
      operations: plan.operations.map((op) => op.operationId),
      cases: plan.only?.length ?? plan.cases,
      ...(plan.rate === undefined ? {} : { rate: plan.rate }),
      apiKey,
    });
    console.log(`fuzz: report ${file}`);
    if (undelivered) console.error(`fuzz: ${undelivered}`);
    return run.findings.length > 0 || run.unsent.length > 0 || undelivered ? exitCodes.failed : exitCodes.ok;
  } finally {
    await mock?.close();
  }
}

function fail(message: string): number {
  console.error(`fuzz: ${message}`);
  return exitCodes.refused;
}

async function main(args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    console.log(usage);
    return exitCodes.ok;
  }
  let plan: FuzzPlan;
  try {
    plan = planFromArgs(args);
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message}\n${usage}`);
    throw error;
  }
  if (plan.target !== undefined) {
    const verdict = guardTarget(
      {
        tool: 'fuzz',
        target: plan.target,
        rate: plan.rate === undefined ? 'no rate limit' : `${plan.rate} req/s`,
        volume: `${(plan.only?.length ?? plan.cases).toLocaleString('en')} malformed requests`,
        operations: plan.operations.map((op) => op.operationId),
      },
      plan.yes,
    );
    if (!verdict.allowed) return fail(verdict.message);
  }
  return execute(plan);
}

await runCommand('fuzz', () => main(process.argv.slice(2)));
