// State handlers: each named state set up through the typed client (create, issue, lock, redeem) plus what the
// world provides (member, expired user offer). Every setup returns the ids pacts inject via fromProviderState.
import { randomUUID } from 'node:crypto';
import type { SessionMClient } from '../../client/client.ts';
import { closingTransaction, sampleBasket } from '../../fixtures/baskets.ts';
import { fixedAmountOffer } from '../../fixtures/offers.ts';
import { type StateName, type StateValues, states } from '../states.ts';
import { expectOk, type ProviderWorld } from './world.ts';

/** A state's parameters as the pact gives them; anything else counts as none. */
type Params = unknown;

const param = (params: Params, name: string) =>
  typeof params === 'object' && params !== null ? (params as Record<string, unknown>)[name] : undefined;
const numberParam = (params: Params, name: string, fallback: number) => {
  const value = param(params, name);
  return typeof value === 'number' ? value : fallback;
};
const stringParam = (params: Params, name: string, fallback: string) => {
  const value = param(params, name);
  return typeof value === 'string' ? value : fallback;
};

export type StateSetups = Record<StateName, (params: Params) => Promise<StateValues>>;

export function stateHandlers(client: SessionMClient, world: ProviderWorld): StateSetups {
  const { retailerId, storeId, clientId } = client.config;
  const base: StateValues = { retailerId, storeId, clientId };

  async function createOffer(title: string, amount: number, start: string, end: string): Promise<string> {
    const created = await client.createOffer(
      fixedAmountOffer(amount, { title, description: 'Created by contract verification', start, end }),
    );
    return expectOk(created).payload.offer_id;
  }

  const offer = (params: Params) =>
    createOffer(
      stringParam(params, 'title', '$5 off Check'),
      numberParam(params, 'amount', 5),
      '2018-03-01 00:00:00.0',
      '2099-12-31 23:59:00.0',
    );

  const pastOffer = (params?: Params) =>
    createOffer(
      'Ended offer',
      5,
      '2018-03-01 00:00:00.0',
      stringParam(params, 'acquisition_end_date', '2019-03-31 23:59:00.0'),
    );

  async function issued(params: Params) {
    const member = await world.member();
    const offerId = await offer(params);
    const userOfferId = expectOk(await client.issueUserOffer(member.userId, offerId)).payload.user_offer_id;
    return { ...member, offerId, userOfferId };
  }

  async function locked(params: Params) {
    const held = await issued(params);
    const transactionId = randomUUID();
    const basket = sampleBasket(transactionId);
    const discount = expectOk(await client.lockUserOffer(held.userOfferId, basket)).payload;
    return { ...held, transactionId, basket, discount };
  }

  return {
    [states.retailer]: async () => base,
    [states.offer]: async (params) => ({ ...base, offerId: await offer(params) }),
    [states.pastOffer]: async (params) => ({ ...base, offerId: await pastOffer(params) }),
    [states.member]: async () => ({ ...base, ...(await world.member()) }),
    [states.issued]: async (params) => ({ ...base, ...(await issued(params)) }),
    [states.locked]: async (params) => {
      const { basket: _, discount: __, ...ids } = await locked(params);
      return { ...base, ...ids };
    },
    [states.redeemed]: async (params) => {
      const { basket, discount, ...ids } = await locked(params);
      expectOk(await client.sendTransaction(closingTransaction(basket, [discount])));
      return { ...base, ...ids };
    },
    [states.expired]: async () => {
      const member = await world.member();
      return { ...base, ...member, userOfferId: await world.expiredUserOffer(member, pastOffer) };
    },
    [states.noMember]: async (params) => ({
      ...base,
      // A suffix no one has: a live provider's members are not ours to delete.
      externalCustomerId: `${stringParam(params, 'external_customer_id', 'pact-no-such-member')}-${randomUUID().slice(0, 8)}`,
    }),
  };
}
