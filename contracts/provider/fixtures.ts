// What a live provider's state setups take as given: ids nobody can create through the public API.
// From a JSON file (see contracts/fixtures.example.json), each value overridable by an environment variable.
import { readFileSync } from 'node:fs';
import type { MockAdminClient } from '../../client/mock-admin.ts';
import { schemaPattern } from '../schema-patterns.ts';
import { expectOk, type Member, type ProviderWorld, StateUnavailableError } from './world.ts';

export interface Fixtures {
  retailerId: string;
  storeId: string;
  clientId: string;
  member: Member;
  /** A user offer of the member whose offer is out of its dates (lock answers 422). */
  expiredUserOfferId?: string;
  /** Embedded mock only: make what the public API cannot through /__mock/*. */
  mockAdmin: boolean;
}

/** Fixture fields and the variables that override them. */
export const fixtureVariables = {
  retailer_id: 'SESSIONM_RETAILER_ID',
  store_id: 'SESSIONM_STORE_ID',
  client_id: 'SESSIONM_CLIENT_ID',
  'member.user_id': 'SESSIONM_TEST_USER_ID',
  'member.external_customer_id': 'SESSIONM_TEST_EXTERNAL_CUSTOMER_ID',
  expired_user_offer_id: 'SESSIONM_EXPIRED_USER_OFFER_ID',
} as const;

type Field = keyof typeof fixtureVariables;

export class FixturesError extends Error {
  override name = 'FixturesError';
}

const uuidPattern = new RegExp(schemaPattern('common.json', '/$defs/Uuid'));

export function parseFixtures(json: unknown, env: Record<string, string | undefined>, source: string): Fixtures {
  const file = (json ?? {}) as Record<string, unknown> & { member?: Record<string, unknown> };
  const fromFile: Record<Field, unknown> = {
    retailer_id: file.retailer_id,
    store_id: file.store_id,
    client_id: file.client_id,
    'member.user_id': file.member?.user_id,
    'member.external_customer_id': file.member?.external_customer_id,
    expired_user_offer_id: file.expired_user_offer_id,
  };
  const read = (field: Field, kind: 'uuid' | 'text', required: boolean): string | undefined => {
    const variable = fixtureVariables[field];
    const value = env[variable] || fromFile[field];
    if (value === undefined || value === null || value === '') {
      if (!required) return undefined;
      throw new FixturesError(`${field} is missing: set it in ${source} or ${variable}`);
    }
    if (typeof value !== 'string' || (kind === 'uuid' && !uuidPattern.test(value))) {
      throw new FixturesError(
        `${field} must be a ${kind === 'uuid' ? 'uuid' : 'string'}, got ${JSON.stringify(value)}`,
      );
    }
    return value;
  };
  const expiredUserOfferId = read('expired_user_offer_id', 'uuid', false);
  return {
    retailerId: read('retailer_id', 'uuid', true) as string,
    storeId: read('store_id', 'uuid', true) as string,
    clientId: read('client_id', 'uuid', true) as string,
    member: {
      userId: read('member.user_id', 'uuid', true) as string,
      externalCustomerId: read('member.external_customer_id', 'text', true) as string,
    },
    ...(expiredUserOfferId ? { expiredUserOfferId } : {}),
    mockAdmin: file.mock_admin === true,
  };
}

export function loadFixtures(path: string, env: Record<string, string | undefined>): Fixtures {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new FixturesError(`cannot read fixtures ${path}: ${(error as Error).message}`);
  }
  return parseFixtures(json, env, path);
}

/**
 * A live provider: nothing is reset; the member and the expired user offer come from the fixtures (or, with
 * mock_admin, from `admin`, the mock admin API at the POS URL).
 */
export function fixturesWorld(fixtures: Fixtures, admin: MockAdminClient): ProviderWorld {
  return {
    async beforeEach() {},
    async member() {
      return fixtures.member;
    },
    async expiredUserOffer(member, pastOffer) {
      if (fixtures.expiredUserOfferId) return fixtures.expiredUserOfferId;
      if (fixtures.mockAdmin)
        return expectOk(await admin.issueIgnoringDates(member.userId, await pastOffer())).payload.user_offer_id;
      throw new StateUnavailableError(
        `no expired user offer: set expired_user_offer_id in the fixtures (or ${fixtureVariables.expired_user_offer_id}) to a user offer of member ${member.externalCustomerId} whose offer has ended`,
      );
    },
  };
}
