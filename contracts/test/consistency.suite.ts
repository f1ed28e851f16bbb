// Runs after the consumer suites in contracts.test.ts: it reads the pacts they just wrote.
import { expect, it } from 'vitest';
import { consistencyProblems, type PactFile, readPacts } from '../consistency.ts';
import { participants } from '../names.ts';

export function consistencySuite(pactDir: string): void {
  it('finds every example body valid against schemas/ and every operation with a success and an error', () => {
    const pacts = readPacts(pactDir);
    expect(pacts.map(({ pact }) => pact.consumer.name).sort()).toEqual(
      [participants.offers.consumer, participants.pos.consumer].sort(),
    );
    expect(consistencyProblems(pacts)).toEqual([]);
  });

  it('reports a drifted response, an uncovered operation, a real-looking key and a pact that drifted from its provenance', () => {
    const pacts = readPacts(pactDir).map(({ file, pact }) => ({ file, pact: structuredClone(pact) as PactFile }));
    const offers = pacts.find(({ pact }) => pact.consumer.name === participants.offers.consumer)?.pact;
    if (!offers) throw new Error('no offer-back-office pact');
    const create = offers.interactions.find((i) => i.description === 'a request to create a published offer');
    const body = create?.response.body?.content as { payload: { offer_id: unknown } } | undefined;
    if (!create?.request.headers || !body) throw new Error('no create-offer interaction');
    body.payload.offer_id = 42;
    create.request.headers.Authorization = ['Basic c2VjcmV0'];
    offers.interactions = offers.interactions.filter(
      (i) => !(i.request.path.endsWith('/fetch_offer') && i.response.status >= 400),
    );
    const iso = offers.interactions.find((i) => i.description === 'a request to create an offer with ISO dates');
    if (!iso) throw new Error('no ISO dates interaction');
    iso.pending = false;
    const conflict = pacts
      .find(({ pact }) => pact.consumer.name === participants.pos.consumer)
      ?.pact.interactions.find((i) => i.description === 'a request to lock a user offer locked by another transaction');
    if (!conflict) throw new Error('no lock conflict interaction');
    delete conflict.comments;
    delete conflict.response.matchingRules;

    const problems = consistencyProblems(pacts);
    expect(problems).toContain(
      'offer-back-office → sessionm-offers-api: "a request to create an offer with ISO dates": pending is false, but its rule is assumed',
    );
    expect(problems).toContain('fetchOffer.unknown ("a request for an unknown offer") has no interaction in the pacts');
    const lock = 'pos-till → sessionm-pos-api: "a request to lock a user offer locked by another transaction"';
    expect(problems).toContain(`${lock}: pending, but no comment names its assumption`);
    expect(problems).toContain(`${lock}: status pinned exactly, contracts/expectations.ts says class`);
    expect(problems).toContain('fetchOffer has no error interaction');
    expect(problems.some((p) => p.includes('"a request to create a published offer": response breaks'))).toBe(true);
    expect(problems.some((p) => p.includes('/payload/offer_id'))).toBe(true);
    expect(problems.some((p) => p.includes('Authorization example is not a dummy key'))).toBe(true);
  });
}
