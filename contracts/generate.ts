// Writes contracts/pacts/ (or PACT_DIR): each consumer's interactions (contracts/consumer/pos.ts, offers.ts) run against Pact's
// mock server, as `npm run pacts` and `npm start` do; the contract tests run the same steps one `it` each.
import { mkdirSync, rmSync } from 'node:fs';
import { exitCodes } from '../client/exit-codes.ts';
import { type ConsumerCase, clientFactory, pactFor, runCase } from './consumer/harness.ts';
import { offersCases } from './consumer/offers.ts';
import { posCases } from './consumer/pos.ts';
import { type Api, pactDir, participants } from './names.ts';

export const consumerCases: Record<Api, ConsumerCase[]> = { offers: offersCases, pos: posCases };

/** Pact merges into existing files: a renamed interaction would otherwise linger. */
export function clearPacts(dir: string = pactDir): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

/** One consumer's interactions, each a step that adds its interaction to the pact once the client read it right. */
export function consumerRun(api: Api, dir: string = pactDir) {
  const pact = pactFor(api, dir);
  const clients = clientFactory();
  return {
    steps: consumerCases[api].map((row) => ({ row, run: () => runCase(pact, clients, row) })),
    close: () => clients.close(),
  };
}

/** Writes both pacts afresh; resolves 0, or 1 after naming each interaction that failed. */
export async function generatePacts(
  log: (line: string) => void = (line) => console.error(line),
  dir: string = pactDir,
): Promise<number> {
  process.env.PACT_DO_NOT_TRACK ??= 'true';
  clearPacts(dir);
  let failed = 0;
  for (const api of Object.keys(consumerCases) as Api[]) {
    const run = consumerRun(api, dir);
    try {
      for (const step of run.steps) {
        await step.run().catch((error: unknown) => {
          failed++;
          log(`${participants[api].consumer}: ${step.row.key}: ${error instanceof Error ? error.message : error}`);
        });
      }
    } finally {
      await run.close();
    }
  }
  return failed === 0 ? exitCodes.ok : exitCodes.failed;
}
