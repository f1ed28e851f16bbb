// One provider verified in this process: Verifier + guarded state handlers + credentials filter, with the
// conformance proxy between the verifier and the provider; results classified by provenance.
import { readFileSync } from 'node:fs';
// The verifier alone: pact-js's index also loads the consumer DSL, GraphQL and ramda (850 modules against 260).
import type { VerifierOptions } from '@pact-foundation/pact';
import { Verifier } from '@pact-foundation/pact/src/dsl/verifier/index.js';
import type { PactFile } from '../consistency.ts';
import { type Api, participants } from '../names.ts';
import { classify, type InteractionInfo } from './classify.ts';
import { startConformanceProxy } from './conformance.ts';
import type { StateSetups } from './handlers.ts';
import { credentialsFilter } from './request-filter.ts';
import { type InteractionResult, parseVerifierJson, runErrors, runFailure, type VerifierJson } from './results.ts';
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
      const body = interaction.response.body?.content as { errors?: { code?: unknown } } | undefined;
      const code = body?.errors?.code;
      info.set(interaction.description, {
        consumer: pact.consumer.name,
        states: (interaction.providerStates ?? []).map((state) => state.name),
        expected: { status: interaction.response.status, ...(typeof code === 'string' ? { code } : {}) },
      });
    }
  }
  return info;
}

function sourceOptions(target: ProviderTarget, brokerToken: string | undefined): Partial<VerifierOptions> {
  const { broker } = target;
  if (!target.pactUrls && !broker) throw new Error(`${target.api}: neither pact files nor a broker to verify`);
  const source: Partial<VerifierOptions> = target.pactUrls
    ? { pactUrls: target.pactUrls }
    : {
        pactBrokerUrl: broker?.url,
        consumerVersionSelectors: broker?.consumerVersionSelectors ?? [],
        enablePending: broker?.enablePending ?? false,
        ...(broker?.includeWipPactsSince ? { includeWipPactsSince: broker.includeWipPactsSince } : {}),
      };
  const publish = broker?.publish;
  return {
    ...source,
    // A pact URL from a broker webhook needs the token as much as the selectors do.
    ...(broker && brokerToken ? { pactBrokerToken: brokerToken } : {}),
    // pact-js rejects publishVerificationResult without a providerVersion even when it is false: omit it then.
    ...(publish
      ? {
          publishVerificationResult: true,
          providerVersion: publish.providerVersion,
          providerVersionBranch: publish.branch,
          ...(publish.buildUrl ? { buildUrl: publish.buildUrl } : {}),
        }
      : {}),
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
  const proxy = await startConformanceProxy(target.baseUrl);
  const verifier = new Verifier({
    provider,
    providerBaseUrl: proxy.url,
    ...sourceOptions(target, secrets.brokerToken),
    stateHandlers: guard.stateHandlers,
    requestFilter: guard.requestFilter,
    beforeEach: () => world.beforeEach(),
    failIfNoPactsFound: true,
    timeout: 30_000,
    logLevel: 'error',
  });
  const info = target.pactUrls ? interactionInfo(target.pactUrls) : new Map<string, InteractionInfo>();
  let output: string;
  try {
    output = await verifier.verifyProvider();
  } catch (error) {
    output = error instanceof Error ? error.message : String(error);
  } finally {
    await proxy.close();
  }
  let json: VerifierJson;
  try {
    json = JSON.parse(output) as VerifierJson;
  } catch {
    return [runFailure(provider, output)];
  }
  const results = [
    ...parseVerifierJson(json).map((verifier, index) => {
      const known = info.get(verifier.description);
      const state = guard.outcomes[index];
      const exchange = proxy.exchanges.get(index);
      return classify({
        api: target.api,
        provider,
        verifier,
        ...(known ? { info: known } : {}),
        ...(state ? { state } : {}),
        ...(exchange ? { exchange } : {}),
      });
    }),
    ...runErrors(json).map((message) => runFailure(provider, message)),
  ];
  // Nothing verified is no success: an empty selection must not pass a gate.
  return results.length ? results : [runFailure(provider, 'no interaction was verified')];
}
