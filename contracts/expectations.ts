// What every pact interaction expects, and where each expectation comes from: documented (the seed, or SessionM's
// public material in ../shared/reference, cited) or assumed (our decision where the sources are silent).
// The consumer tests build their interactions from this table, verification classifies results by it, and
// docs/api-notes.md renders it (contracts/test/provenance.test.ts keeps the docs in step).
import type { OperationId } from '../schemas/generated/operations.ts';
import type { Api } from './names.ts';

export interface Citation {
  /** seed: ../shared/seeds/000_ac943a3f4054ca57.txt; notes: ../shared/reference/sessionm-public-notes.md */
  doc: 'seed' | 'notes';
  section: string;
  /** What that place says, in short. */
  says: string;
}

export type Provenance = { kind: 'documented'; cite: Citation[] } | { kind: 'assumed'; assumption: string };

const documented = (...cite: Citation[]): Provenance => ({ kind: 'documented', cite });
const assumed = (assumption: string): Provenance => ({ kind: 'assumed', assumption });

const seed = (section: string, says: string): Citation => ({ doc: 'seed', section, says });
const notes = (section: string, says: string): Citation => ({ doc: 'notes', section, says });

export interface SuccessAnswer {
  kind: 'success';
  status: 200;
  /** exact: any other status fails; class: any 2xx passes (the client only tells 2xx from the rest). */
  pin: 'exact' | 'class';
}

export interface ErrorAnswer {
  kind: 'error';
  /** The status we expect; the pact pins it exactly (`pin: 'exact'`) or by its class, 4xx. */
  status: number;
  pin: 'exact' | 'class';
  /** The code we expect. Pinned exactly only where client code branches on it (`codeBranchedOnBy`). */
  code: string;
  codeBranchedOnBy?: string;
  /** For a validation answer: the JSON path we expect first in errors.validation_errors (never pinned). */
  validationPath?: string;
}

export interface Expectation {
  api: Api;
  operationId: OperationId;
  /** The pact's description (uponReceiving). */
  description: string;
  /** Short, for "differs from our assumption: <name>: expected …, got …". */
  name: string;
  /** Where the behaviour the interaction tests comes from. An assumed rule makes the interaction pending. */
  rule: Provenance;
  answer: SuccessAnswer | ErrorAnswer;
}

const ok = (pin: SuccessAnswer['pin'] = 'exact'): SuccessAnswer => ({ kind: 'success', status: 200, pin });
const refused = (status: number, code: string, more: Partial<Omit<ErrorAnswer, 'kind'>> = {}): ErrorAnswer => ({
  kind: 'error',
  status,
  code,
  pin: 'class',
  ...more,
});

/** The citations shared by many interactions. */
const cites = {
  auth: [
    seed('every curl sample', 'each call carries -H "Authorization: Basic <Your API Key>"'),
    notes('Envelopes and errors', 'core API errors use HTTP 401, 404 and 500; INVALID_API_KEY is among the codes'),
  ],
  notFound: notes(
    'Envelopes and errors',
    'HTTP 404 in use; NOT_FOUND and USER_NOT_FOUND are among the codes; integration code branches on user_not_found',
  ),
};

const badKey = (api: Api, operationId: OperationId, description: string, name: string): Expectation => ({
  api,
  operationId,
  description,
  name,
  rule: documented(...cites.auth),
  answer: refused(401, 'INVALID_API_KEY', { pin: 'exact' }),
});

export const expectations = {
  // offer-back-office → sessionm-offers-api
  'createOffer.success': {
    api: 'offers',
    operationId: 'createOffer',
    description: 'a request to create a published offer',
    name: 'create an offer',
    rule: documented(seed('Step 1: Create Offer', 'the sample request and its sample response')),
    answer: ok(),
  },
  'createOffer.isoDates': {
    api: 'offers',
    operationId: 'createOffer',
    description: 'a request to create an offer with ISO dates',
    name: 'create with ISO dates instead of local times',
    rule: assumed(
      'a create whose dates are ISO date-times is refused as invalid (400 VALIDATION): the seed writes them as local times ("2018-03-01 00:00:00.0") and says nothing of other formats',
    ),
    answer: refused(400, 'VALIDATION', { validationPath: '/common_config/acquisition_start_date' }),
  },
  'createOffer.badKey': badKey(
    'offers',
    'createOffer',
    'a request to create an offer with a bad API key',
    'create with a bad API key',
  ),

  'fetchOffer.success': {
    api: 'offers',
    operationId: 'fetchOffer',
    description: 'a request for an existing offer',
    name: 'fetch an offer',
    rule: documented(seed('Step 2: Get Offer Details', 'the sample request and its sample response')),
    answer: ok(),
  },
  'fetchOffer.unknown': {
    api: 'offers',
    operationId: 'fetchOffer',
    description: 'a request for an unknown offer',
    name: 'fetch of an unknown offer',
    rule: documented(cites.notFound),
    answer: refused(404, 'NOT_FOUND'),
  },
  'fetchOffer.malformedId': {
    api: 'offers',
    operationId: 'fetchOffer',
    description: 'a request for an offer by a malformed id',
    name: 'fetch by a malformed offer id',
    rule: documented(
      seed('Step 2: Get Offer Details', 'offer_id is a uuid'),
      notes('Envelopes and errors', 'VALIDATION and ARGUMENT_ERROR are among the codes'),
    ),
    answer: refused(400, 'VALIDATION', { validationPath: '/offer_id' }),
  },
  'fetchOffer.badKey': badKey(
    'offers',
    'fetchOffer',
    'a request for an offer with a bad API key',
    'fetch with a bad API key',
  ),

  'issueUserOffer.success': {
    api: 'offers',
    operationId: 'issueUserOffer',
    description: 'a request to issue an offer to a member',
    name: 'issue an offer to a member',
    rule: documented(notes('Offers domain', 'public integration code calls offers/acquisition/issue')),
    // The seed leaves issuing to loyalty rules: the shape of this answer is ours (see `responses`).
    answer: ok('class'),
  },
  'issueUserOffer.unknownOffer': {
    api: 'offers',
    operationId: 'issueUserOffer',
    description: 'a request to issue an unknown offer',
    name: 'issue of an unknown offer',
    rule: documented(cites.notFound),
    answer: refused(404, 'NOT_FOUND'),
  },
  'issueUserOffer.unknownMember': {
    api: 'offers',
    operationId: 'issueUserOffer',
    description: 'a request to issue an offer to an unknown member',
    name: 'issue to an unknown member',
    rule: documented(cites.notFound),
    answer: refused(404, 'USER_NOT_FOUND'),
  },
  'issueUserOffer.pastOffer': {
    api: 'offers',
    operationId: 'issueUserOffer',
    description: 'a request to issue an offer whose acquisition dates have passed',
    name: 'issue of an offer whose acquisition dates have passed',
    rule: assumed(
      'issuing an offer after its acquisition end date is refused (422 OFFER_NOT_ELIGIBLE): the seed leaves issuing to loyalty rules "outside of this workflow"',
    ),
    answer: refused(422, 'OFFER_NOT_ELIGIBLE'),
  },
  'issueUserOffer.badKey': badKey(
    'offers',
    'issueUserOffer',
    'a request to issue an offer with a bad API key',
    'issue with a bad API key',
  ),

  'getUserOfferHistory.success': {
    api: 'offers',
    operationId: 'getUserOfferHistory',
    description: "a request for a member's offer history",
    name: "read a member's offer history",
    rule: documented(seed('Step 4: Get User Offers', 'the user offer history sample request and its sample response')),
    answer: ok(),
  },
  'getUserOfferHistory.malformedUserId': {
    api: 'offers',
    operationId: 'getUserOfferHistory',
    description: 'a request for the offer history of a malformed user id',
    name: 'offer history of a malformed user id',
    rule: assumed(
      'the history of a user id that is not a uuid is refused as invalid (400 VALIDATION); a provider may as well answer an empty history',
    ),
    answer: refused(400, 'VALIDATION', { validationPath: '/user_ids/0' }),
  },
  'getUserOfferHistory.badKey': badKey(
    'offers',
    'getUserOfferHistory',
    'a request for an offer history with a bad API key',
    'offer history with a bad API key',
  ),

  // pos-till → sessionm-pos-api
  'getUserOffers.success': {
    api: 'pos',
    operationId: 'getUserOffers',
    description: "a lookup of a member's wallet",
    name: "look up a member's wallet",
    rule: documented(seed('Step 4: Get User Offers (User Lookup API)', 'the sample request and its sample response')),
    answer: ok(),
  },
  'getUserOffers.unknownMember': {
    api: 'pos',
    operationId: 'getUserOffers',
    description: 'a lookup of an unknown member',
    name: 'lookup of an unknown member',
    rule: documented(cites.notFound),
    answer: refused(404, 'USER_NOT_FOUND'),
  },
  'getUserOffers.emptyId': {
    api: 'pos',
    operationId: 'getUserOffers',
    description: 'a lookup by an empty external_customer_id',
    name: 'lookup by an empty external_customer_id',
    rule: assumed(
      'a lookup by an empty external_customer_id is refused as invalid (400 VALIDATION); a provider may as well answer that no member has it',
    ),
    answer: refused(400, 'VALIDATION', { validationPath: '/request_payload/external_customer_id' }),
  },
  'getUserOffers.badKey': badKey('pos', 'getUserOffers', 'a lookup with a bad API key', 'lookup with a bad API key'),

  'lockUserOffer.success': {
    api: 'pos',
    operationId: 'lockUserOffer',
    description: 'a request to lock an issued user offer',
    name: 'lock a user offer',
    rule: documented(seed('Step 5: Lock User Offer', 'the request sample and its response sample')),
    answer: ok(),
  },
  'lockUserOffer.conflict': {
    api: 'pos',
    operationId: 'lockUserOffer',
    description: 'a request to lock a user offer locked by another transaction',
    name: 'lock of a user offer locked by another transaction',
    rule: assumed(
      'a user offer locked by one transaction cannot be locked by another (409 LOCK_CONFLICT): the public notes only say a changed basket locks again with the same transaction id',
    ),
    answer: refused(409, 'LOCK_CONFLICT', { codeBranchedOnBy: 'load/lib/flow.ts (counts lock conflicts)' }),
  },
  'lockUserOffer.redeemed': {
    api: 'pos',
    operationId: 'lockUserOffer',
    description: 'a request to lock a redeemed user offer',
    name: 'lock of a redeemed user offer',
    rule: assumed('a redeemed user offer cannot be locked again (409 ALREADY_REDEEMED)'),
    answer: refused(409, 'ALREADY_REDEEMED'),
  },
  'lockUserOffer.expired': {
    api: 'pos',
    operationId: 'lockUserOffer',
    description: 'a request to lock a user offer whose offer is out of its dates',
    name: 'lock of a user offer whose offer is out of its dates',
    rule: assumed(
      'a user offer whose offer has ended cannot be locked (422 OFFER_NOT_ELIGIBLE): the seed says the POS asks SessionM for eligibility, not what makes an offer ineligible',
    ),
    answer: refused(422, 'OFFER_NOT_ELIGIBLE'),
  },
  'lockUserOffer.unknown': {
    api: 'pos',
    operationId: 'lockUserOffer',
    description: 'a request to lock an unknown user offer',
    name: 'lock of an unknown user offer',
    rule: documented(cites.notFound),
    answer: refused(404, 'NOT_FOUND'),
  },
  'lockUserOffer.decimalComma': {
    api: 'pos',
    operationId: 'lockUserOffer',
    description: 'a request to lock with a decimal comma in the subtotal',
    name: 'lock with a decimal comma in the subtotal',
    rule: assumed(
      'a money string with a decimal comma ("11,77") is refused as invalid (400 VALIDATION): the seed only shows decimal points',
    ),
    answer: refused(400, 'VALIDATION', { validationPath: '/request_payload/transaction/subtotal' }),
  },
  'lockUserOffer.badKey': badKey(
    'pos',
    'lockUserOffer',
    'a request to lock with a bad API key',
    'lock with a bad API key',
  ),

  'sendTransaction.success': {
    api: 'pos',
    operationId: 'sendTransaction',
    description: 'a closing transaction carrying a locked discount',
    name: 'redeem a locked user offer',
    rule: documented(
      seed(
        'Step 6: Redeem Offer (Send Transaction)',
        'if an offer is locked, this route redeems it when the Lock answer is passed back as a discount',
      ),
    ),
    answer: ok(),
  },
  'sendTransaction.redeemed': {
    api: 'pos',
    operationId: 'sendTransaction',
    description: 'a closing transaction carrying an already redeemed discount',
    name: 'redeem of an already redeemed user offer',
    rule: assumed(
      'a closing transaction carrying a discount that was already redeemed is refused (409 ALREADY_REDEEMED): the seed does not say whether such a transaction is refused or recorded without the discount',
    ),
    answer: refused(409, 'ALREADY_REDEEMED'),
  },
  'sendTransaction.notLocked': {
    api: 'pos',
    operationId: 'sendTransaction',
    description: 'a closing transaction carrying a discount that was never locked',
    name: 'redeem of a user offer that was never locked',
    rule: assumed(
      'a closing transaction carrying a discount that was never locked is refused (409 NOT_LOCKED): the seed only says a locked offer is redeemed',
    ),
    answer: refused(409, 'NOT_LOCKED'),
  },
  'sendTransaction.unknown': {
    api: 'pos',
    operationId: 'sendTransaction',
    description: 'a closing transaction carrying an unknown discount',
    name: 'redeem of an unknown user offer',
    rule: assumed(
      'a closing transaction carrying a discount no user offer matches is refused (404 NOT_FOUND): the seed does not say whether it is refused or recorded without the discount',
    ),
    answer: refused(404, 'NOT_FOUND'),
  },
  'sendTransaction.badKey': badKey(
    'pos',
    'sendTransaction',
    'a closing transaction with a bad API key',
    'redeem with a bad API key',
  ),

  'unlockUserOffer.success': {
    api: 'pos',
    operationId: 'unlockUserOffer',
    description: 'a request to unlock a locked user offer',
    name: 'unlock a locked user offer',
    rule: documented(
      notes('More POS operations', 'Unlock (user_offer_id, employee_id) releases a locked offer back to the wallet'),
    ),
    answer: ok(),
  },
  'unlockUserOffer.notLocked': {
    api: 'pos',
    operationId: 'unlockUserOffer',
    description: 'a request to unlock a user offer that is not locked',
    name: 'unlock of a user offer that is not locked',
    rule: assumed(
      'unlocking a user offer that is not locked is refused (409 NOT_LOCKED); a provider may as well answer 200, as for a lock it released',
    ),
    answer: refused(409, 'NOT_LOCKED', { codeBranchedOnBy: 'load/lib/flow.ts (an unlock after a failed redeem)' }),
  },
  'unlockUserOffer.unknown': {
    api: 'pos',
    operationId: 'unlockUserOffer',
    description: 'a request to unlock an unknown user offer',
    name: 'unlock of an unknown user offer',
    rule: documented(cites.notFound),
    answer: refused(404, 'NOT_FOUND'),
  },
  'unlockUserOffer.badKey': badKey(
    'pos',
    'unlockUserOffer',
    'a request to unlock with a bad API key',
    'unlock with a bad API key',
  ),
} as const satisfies Record<string, Expectation>;

export type ExpectationKey = keyof typeof expectations;

export const allExpectations = (): [ExpectationKey, Expectation][] =>
  Object.entries(expectations) as [ExpectationKey, Expectation][];

/** An interaction that tests a rule the sources are silent on is a pending pact: reported, never failing. */
export const isPending = (e: Expectation) => e.rule.kind === 'assumed';

/** The expectation behind a pact interaction, by consumer API and description; undefined for a pact we did not write. */
export function expectationFor(description: string): Expectation | undefined {
  return allExpectations().find(([, e]) => e.description === description)?.[1];
}

/** Where each success answer's shape comes from. Documented shapes are held to their schema strictly. */
export const responses: Record<OperationId, Provenance> = {
  createOffer: documented(seed('Step 1: Create Offer', 'Sample Response')),
  fetchOffer: documented(seed('Step 2: Get Offer Details', 'Sample Response')),
  issueUserOffer: assumed(
    'acquisition/issue answers {"status": "ok", "payload": {"user_offer_id": uuid}}: public code names the endpoint, nothing shows its answer',
  ),
  getUserOfferHistory: documented(seed('Step 4: Get User Offers', 'the user offer history sample response')),
  getUserOffers: documented(seed('Step 4: Get User Offers (User Lookup API)', 'Sample Response')),
  lockUserOffer: documented(seed('Step 5: Lock User Offer', 'Response Sample')),
  sendTransaction: documented(seed('Step 6: Redeem Offer (Send Transaction)', 'Sample Response')),
  unlockUserOffer: documented(
    notes('Envelopes and errors', 'POS responses use {status, payload, errors}; status is "OK" on success'),
    notes('More POS operations', 'Unlock and Reinstate return no payload'),
  ),
};

export interface Part {
  /** Short, for "differs from our assumption: <name>: …". */
  name: string;
  provenance: Provenance;
}

/** The parts of an error body, and where each comes from. */
export const errorEnvelope = {
  status: {
    offers: {
      name: 'error bodies say "status": "error"',
      provenance: documented(
        notes('Envelopes and errors', 'core API errors come back as {"status": "error", "errors": {…}}'),
      ),
    },
    pos: {
      name: 'POS error bodies say "status": "error"',
      provenance: assumed('POS error bodies say "status": "error" (or "ERROR"), as core API errors do'),
    },
  },
  errors: {
    name: 'error bodies carry errors',
    provenance: documented(notes('Envelopes and errors', 'errors holds the error and validation details')),
  },
  code: {
    name: 'error bodies carry errors.code',
    provenance: documented(notes('Envelopes and errors', 'core API errors carry errors.code, e.g. "NOT_FOUND"')),
  },
  message: {
    name: 'error bodies carry errors.message',
    provenance: assumed('errors.message says what went wrong, in words'),
  },
  payload: {
    name: 'POS error bodies carry "payload": null',
    provenance: assumed(
      'POS error bodies carry "payload": null beside errors, as POS answers carry {status, payload, errors}',
    ),
  },
  validationErrors: {
    name: 'validation answers list errors.validation_errors',
    provenance: assumed(
      'a validation answer lists errors.validation_errors, each {path, message}, the path being the JSON pointer of the wrong field',
    ),
  },
} as const satisfies Record<string, Part | { offers: Part; pos: Part }>;

/** Every answer's media type. */
export const contentType: Part = {
  name: 'answers say Content-Type: application/json',
  provenance: assumed(
    'answers carry Content-Type: application/json (a charset parameter is fine): the seed shows no response headers',
  ),
};

/** The part of an error body at a dotted path ("errors.message"), for classifying a mismatch or a violation. */
export function errorPartAt(api: Api, path: string): Part {
  const top = path.replace(/^\$\.?/, '');
  if (top === '' || top === 'errors') return errorEnvelope.errors;
  if (top === 'status') return errorEnvelope.status[api];
  if (top === 'payload' || top.startsWith('payload.') || top.startsWith('payload[')) return errorEnvelope.payload;
  if (top === 'errors.code') return errorEnvelope.code;
  if (top === 'errors.message') return errorEnvelope.message;
  if (top.startsWith('errors.validation_errors')) return errorEnvelope.validationErrors;
  return errorEnvelope.errors;
}

/** Every assumption, for the docs: rules (pending interactions), answers, response shapes, the error envelope. */
export function assumptions(): { where: string; assumption: string }[] {
  const list: { where: string; assumption: string }[] = [];
  for (const [key, e] of allExpectations()) {
    if (e.rule.kind === 'assumed') list.push({ where: `${key} (pending)`, assumption: e.rule.assumption });
    else if (e.answer.kind === 'error') list.push({ where: key, assumption: answerAssumption(e) });
    else if (e.answer.pin === 'class')
      list.push({ where: key, assumption: `${e.name}: the status is 200 (any 2xx is pinned)` });
  }
  for (const [op, p] of Object.entries(responses)) {
    if (p.kind === 'assumed') list.push({ where: `${op} answer`, assumption: p.assumption });
  }
  const parts: Part[] = [
    errorEnvelope.status.pos,
    errorEnvelope.message,
    errorEnvelope.payload,
    errorEnvelope.validationErrors,
    contentType,
  ];
  for (const { name, provenance } of parts) {
    if (provenance.kind === 'assumed') list.push({ where: name, assumption: provenance.assumption });
  }
  return list;
}

/** What we assume of an error answer beyond what the pact pins. */
export function answerAssumption(e: Expectation): string {
  if (e.answer.kind !== 'error') return '';
  const { status, code, pin, codeBranchedOnBy } = e.answer;
  const pinned = [
    pin === 'exact' ? `the status ${status}` : 'a 4xx',
    codeBranchedOnBy ? `the code exactly (${codeBranchedOnBy} branches on it)` : 'a non-empty code',
  ];
  return pin === 'exact'
    ? `${e.name}: the code is ${code} (${pinned.join(' and ')} pinned)`
    : `${e.name}: the answer is ${status} ${code} (${pinned.join(' and ')} pinned)`;
}
