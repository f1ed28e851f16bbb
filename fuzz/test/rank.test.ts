import { describe, expect, it } from 'vitest';
import { loadOperations, type OperationInfo } from '../../schemas/catalog.ts';
import type { FuzzCase } from '../cases.ts';
import { rankAnswer, rankStateChange } from '../rank.ts';
import { classify } from '../run.ts';
import type { Answer } from '../send.ts';

const op = (id: string) => loadOperations().find((o) => o.operationId === id) as OperationInfo;

const fuzzCase = (operationId: string): FuzzCase => ({
  index: 3,
  operationId,
  method: 'POST',
  path: op(operationId).path,
  kind: 'extra-field',
  description: 'extra field "retailerId" = "x" at (root)',
  body: '{}',
  contentType: 'application/json',
});

/** The rank of an answer as runFuzz classifies it first. */
const rank = (operationId: string, answer: Answer) =>
  rankAnswer(op(operationId), fuzzCase(operationId), answer, classify(answer));

const json = (status: number, body: unknown): Answer => ({ status, body: JSON.stringify(body) });

const history = { status: 'ok', payload: { total_records: 0, results: [] } };
const offer = {
  offer_type_id: 'manual_fulfillment',
  id: 'c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a',
  root_offer_id: 'c7bf9bac-d7ec-4d4a-8651-b4e3b444c76a',
  retailer_id: '2D5B5A08-BECD-4837-A69A-2AB967C7773A',
  title: '$5 off Check',
  status: 1,
  acquisition_start_date: '2018-03-01T00:00:00Z',
  acquisition_end_date: '2099-12-31T23:59:00Z',
};

describe('rankAnswer', () => {
  it('passes a refusal in the error envelope', () => {
    expect(rank('getUserOffers', json(400, { status: 'error', errors: { code: 'VALIDATION', message: 'no' } }))).toBe(
      undefined,
    );
    // POS bodies may say "ERROR" and leave payload out: both are within the schema.
    expect(rank('getUserOffers', json(404, { status: 'ERROR', errors: { code: 'NOT_FOUND', message: 'no' } }))).toBe(
      undefined,
    );
  });

  it('a malformed request answered 200 in the documented shape is lenient: information, not a defect', () => {
    expect(rank('getUserOfferHistory', json(200, history))).toMatchObject({
      rank: 'lenient',
      status: 200,
      why: 'accepted (200) input our schemas reject',
    });
  });

  it('a 200 that breaks the documented response shape is a defect, naming the JSON path', () => {
    const { total_records: _, ...payload } = history.payload;
    expect(rank('getUserOfferHistory', json(200, { status: 'ok', payload }))).toMatchObject({
      rank: 'defect',
      why: 'answered 200, breaking the documented response shape: payload.total_records: required by user-offer-history.response.json',
    });
    expect(
      rank('fetchOffer', json(200, { status: 'ok', payload: { offer: { ...offer, status: '1' } } }))?.why,
    ).toContain('payload.offer.status: must be integer');
    expect(rank('fetchOffer', { status: 200, body: 'OK' })).toMatchObject({ rank: 'defect' });
  });

  it('a 5xx and no answer at all are defects', () => {
    expect(
      rank('fetchOffer', json(500, { status: 'error', errors: { code: 'INTERNAL_SERVER_ERROR', message: 'x' } })),
    ).toMatchObject({ rank: 'defect', why: 'a server error (500)' });
    expect(
      rank('fetchOffer', { status: 0, body: '', error: 'HeadersTimeoutError: Headers Timeout Error' }),
    ).toMatchObject({
      rank: 'defect',
      why: 'no HTTP answer (a hang or a dropped connection): HeadersTimeoutError: Headers Timeout Error',
    });
  });

  it('a refusal whose error body breaks a documented part is a defect; one that differs only from our assumptions differs', () => {
    // errors.code is documented for both APIs.
    expect(rank('fetchOffer', json(400, { status: 'error', errors: { message: 'no' } }))).toMatchObject({
      rank: 'defect',
      why: expect.stringContaining('errors.code: required by error.response.json'),
    });
    // errors.message is our assumption.
    expect(rank('getUserOffers', json(400, { status: 'error', errors: { code: 'VALIDATION' } }))).toMatchObject({
      rank: 'differs',
      why: expect.stringContaining('errors.message: required by error.response.json'),
    });
  });

  it('a state change is a defect', () => {
    expect(
      rankStateChange({ outcome: 'state-changed', case: fuzzCase('fetchOffer'), status: 200, detail: '{a} → {b}' }),
    ).toMatchObject({ rank: 'defect', detail: '{a} → {b}' });
  });
});
