// The typed SessionM client: consumer code under test in Pact, HTTP layer of the k6 scripts, tool against staging.
// Transport-agnostic and free of Node built-ins; transports live in node-transport.ts and load/lib.
import type { OperationId, OperationTypes } from '../schemas/generated/operations.ts';
import type {
  CreateOfferRequest,
  GetUserOffersPayload,
  SendTransactionPayload,
  Transaction,
} from '../schemas/generated/types.ts';
import type { SessionMConfig } from './config.ts';
import { buildPosRequest, buildRequest, type HttpRequest, newRequestId, type PosPayload } from './requests.ts';
import { type ApiResult, type HttpResponse, parseResponse } from './responses.ts';

/** Sends one request. Network failures resolve with status 0 and `error` set, never reject. */
export interface Transport<Id extends string = OperationId> {
  send(request: HttpRequest<Id>): Promise<HttpResponse & { error?: string }>;
}

export interface SendOptions {
  /** Reuse an id to repeat a request idempotently; a fresh one otherwise. */
  requestId?: string;
  /** Extra attempts after a lost answer (status 0) or a 5xx; each reuses the same request_id. */
  retries?: number;
}

export class SessionMClient {
  constructor(
    readonly config: SessionMConfig,
    private readonly transport: Transport,
  ) {}

  async call<Op extends OperationId>(operationId: Op, body: OperationTypes[Op]['request']): Promise<ApiResult<Op>> {
    return this.send(operationId, buildRequest(this.config, operationId, body), 0);
  }

  createOffer(offer: Omit<CreateOfferRequest, 'retailer_id'>) {
    return this.call('createOffer', { retailer_id: this.config.retailerId, ...offer });
  }

  fetchOffer(offerId: string, culture?: string) {
    return this.call('fetchOffer', {
      retailer_id: this.config.retailerId,
      offer_id: offerId,
      ...(culture ? { culture } : {}),
    });
  }

  issueUserOffer(userId: string, offerId: string) {
    return this.call('issueUserOffer', { retailer_id: this.config.retailerId, user_id: userId, offer_id: offerId });
  }

  getUserOfferHistory(userIds: [string, ...string[]], page: { skip?: number; take?: number } = {}) {
    return this.call('getUserOfferHistory', {
      retailer_id: this.config.retailerId,
      user_ids: userIds,
      rollback_option: 0,
      skip: page.skip ?? 0,
      take: page.take ?? 100,
    });
  }

  getUserOffers(lookup: GetUserOffersPayload, options: SendOptions = {}) {
    return this.pos('getUserOffers', lookup, options);
  }

  lockUserOffer(userOfferId: string, transaction: Transaction, options: SendOptions = {}) {
    return this.pos(
      'lockUserOffer',
      { offer_lookup_code: userOfferId, offer_lookup_type: 'userofferid', transaction },
      options,
    );
  }

  sendTransaction(payload: SendTransactionPayload, options: SendOptions = {}) {
    return this.pos('sendTransaction', payload, options);
  }

  unlockUserOffer(userOfferId: string, employeeId?: string, options: SendOptions = {}) {
    return this.pos(
      'unlockUserOffer',
      { user_offer_id: userOfferId, ...(employeeId ? { employee_id: employeeId } : {}) },
      options,
    );
  }

  private pos<Op extends 'getUserOffers' | 'lockUserOffer' | 'sendTransaction' | 'unlockUserOffer'>(
    operationId: Op,
    payload: PosPayload<Op>,
    options: SendOptions,
  ) {
    const request = buildPosRequest(this.config, operationId, payload, options.requestId ?? newRequestId());
    return this.send(operationId, request, options.retries ?? 0);
  }

  private async send<Op extends OperationId>(operationId: Op, request: HttpRequest, retries: number) {
    let response = await this.transport.send(request);
    for (let attempt = 0; attempt < retries && (response.status === 0 || response.status >= 500); attempt++) {
      response = await this.transport.send(request);
    }
    return parseResponse<Op, OperationTypes[Op]['response']>(operationId, response);
  }
}
