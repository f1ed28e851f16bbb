// Builds every operation's HTTP request from typed input. No Node built-ins: k6 bundles use it unchanged.
import { type OperationId, type OperationTypes, operations } from '../schemas/generated/operations.ts';
import type { SessionMConfig } from './config.ts';

/** One request as a transport sends it; `operationId` names the operation (the admin API's, for the mock's). */
export interface HttpRequest<Id extends string = OperationId> {
  operationId: Id;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

type PosOperation = Extract<(typeof operations)[number], { api: 'pos' }>['operationId'];
export type PosPayload<Op extends PosOperation> = OperationTypes[Op]['request']['request_payload'];

const operationTable = new Map(operations.map((op) => [op.operationId, op]));

export function operation(operationId: OperationId) {
  const op = operationTable.get(operationId);
  if (!op) throw new Error(`unknown operation ${operationId}`);
  return op;
}

/** A fresh id per POS request; SessionM treats request_id as the idempotency key. */
export function newRequestId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (crypto?.randomUUID) return crypto.randomUUID();
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

export function buildRequest<Op extends OperationId>(
  config: SessionMConfig,
  operationId: Op,
  body: OperationTypes[Op]['request'],
): HttpRequest {
  const op = operation(operationId);
  const base = op.api === 'pos' ? config.posUrl : config.offersUrl;
  return {
    operationId,
    method: op.methods[0],
    url: base + op.path,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      Authorization: `Basic ${config.apiKey}`,
    },
    body: JSON.stringify(body),
  };
}

/** Wraps a POS payload in the envelope {store_id, client_id, request_id, request_payload}. */
export function buildPosRequest<Op extends PosOperation>(
  config: SessionMConfig,
  operationId: Op,
  payload: PosPayload<Op>,
  requestId: string = newRequestId(),
): HttpRequest {
  const envelope = {
    store_id: config.storeId,
    client_id: config.clientId,
    request_id: requestId,
    request_payload: payload,
  } as OperationTypes[Op]['request'];
  return buildRequest(config, operationId, envelope);
}
