// One provider verified in this process: Verifier + guarded state handlers + credentials filter, parsed results.
import { readFileSync } from 'node:fs';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import type { PactFile } from '../consistency.ts';
import { type Api, participants } from '../names.ts';
import type { StateSetups } from './handlers.ts';
import { credentialsFilter } from './request-filter.ts';
import { type InteractionInfo, type InteractionResult, parseVerifierJson, runFailure } from './results.ts';
import { guardStates } from './state-guard.ts';
import type { ProviderWorld } from './world.ts';

export type ConsumerVersionSelector = NonNullable<VerifierOptions['consumerVersionSelectors']>[number];

export interface BrokerSource {
  url: string;
  consumerVersionSelectors: ConsumerVersionSelector[];
  enablePending: boolean;
  includeWipPactsSince?: string;
  /** Publishing results needs the provider's version (git sha) and branch. */
  publish?: { providerVersion: string; branch: string; buildUrl?: string };
}

export interface ProviderTarget {
  api: Api;
  baseUrl: string;
  /** Local pact files, or else the broker. */
  pactUrls?: string[];
  broker?: BrokerSource;
}

function interactionInfo(pactUrls: string[]): Map<string, InteractionInfo> {
  const info = new Map<string, InteractionInfo>();
  for (const url of pactUrls) {
    const pact = JSON.parse(readFileSync(url, 'utf8')) as PactFile;
    for (const interaction of pact.interactions) {
      info.set(interaction.description, {
        consumer: pact.consumer.name,
        states: (interaction.providerStates ?? []).map((state) => state.name),
      });
    }
  }
  return info;
}

function sourceOptions(target: ProviderTarget, brokerToken: string | undefined): Partial<VerifierOptions> {
  if (target.pactUrls) return { pactUrls: target.pactUrls };
  const broker = target.broker;
  if (!broker) throw new Error(`${target.api}: neither pact files nor a broker to verify`);
  return {
    pactBrokerUrl: broker.url,
    ...(brokerToken ? { pactBrokerToken: brokerToken } : {}),
    consumerVersionSelectors: broker.consumerVersionSelectors,
    enablePending: broker.enablePending,
    ...(broker.includeWipPactsSince ? { includeWipPactsSince: broker.includeWipPactsSince } : {}),
    ...(broker.publish
      ? {
          publishVerificationResult: true,
          providerVersion: broker.publish.providerVersion,
          providerVersionBranch: broker.publish.branch,
          ...(broker.publish.buildUrl ? { buildUrl: broker.publish.buildUrl } : {}),
        }
      : { publishVerificationResult: false }),
  };
}

export async function verifyTarget(
  target: ProviderTarget,
  setups: StateSetups,
  world: ProviderWorld,
  secrets: { apiKey: string; brokerToken?: string },
): Promise<InteractionResult[]> {
  const provider = participants[target.api].provider;
  const guard = guardStates(setups, credentialsFilter(secrets.apiKey));
  const verifier = new Verifier({
    provider,
    providerBaseUrl: target.baseUrl,
    ...sourceOptions(target, secrets.brokerToken),
    stateHandlers: guard.stateHandlers,
    requestFilter: guard.requestFilter,
    beforeEach: () => world.beforeEach(),
    failIfNoPactsFound: true,
    timeout: 30_000,
    logLevel: 'error',
  });
  const info = target.pactUrls ? interactionInfo(target.pactUrls) : new Map();
  let output: string;
  try {
    output = await verifier.verifyProvider();
  } catch (error) {
    output = error instanceof Error ? error.message : String(error);
  }
  let results: InteractionResult[];
  try {
    results = parseVerifierJson(provider, JSON.parse(output), info, guard.stateFailures);
  } catch {
    return [runFailure(provider, output)];
  }
  // Nothing verified is no success: an empty selection must not pass a gate.
  return results.length ? results : [runFailure(provider, `no interaction was verified: ${output.slice(0, 500)}`)];
}
