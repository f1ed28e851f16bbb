// Who talks to whom, where pacts go, and the dummy keys pacts carry instead of secrets.
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { basicCredential } from '../client/config.ts';

const contractsDir = dirname(fileURLToPath(import.meta.url));
/** Where `npm run pacts` and `npm start` write the pacts CI uploads and publishes. */
export const projectPactDir = join(contractsDir, 'pacts');
/** contracts/pacts, or PACT_DIR: the tests write theirs to temporary folders, never to contracts/pacts. */
export const pactDir = process.env.PACT_DIR ? resolve(process.env.PACT_DIR) : projectPactDir;
/** The pact folder as messages name it: contracts/pacts, or wherever PACT_DIR points. */
export const shownPactDir = (() => {
  const inProject = relative(dirname(contractsDir), pactDir);
  return inProject && !inProject.startsWith('..') && !isAbsolute(inProject) ? inProject : pactDir;
})();

/** Consumers are named for who calls SessionM; providers for the two hosts of the seed. */
export const participants = {
  offers: { consumer: 'offer-back-office', provider: 'sessionm-offers-api' },
  pos: { consumer: 'pos-till', provider: 'sessionm-pos-api' },
} as const;

export type Api = keyof typeof participants;

export const pactFile = (api: Api, dir: string = pactDir) =>
  join(dir, `${participants[api].consumer}-${participants[api].provider}.json`);

/**
 * Stands for the real key in pacts; the verifier's request filter swaps it for SESSIONM_API_KEY. A real Basic
 * credential (base64 of "pact-placeholder:placeholder-secret"), so OpenAPI tools reading the pact accept its form.
 */
export const placeholderApiKey = basicCredential('pact-placeholder', 'placeholder-secret');
/** A well-formed key no provider accepts; the filter leaves it alone so 401 interactions stay 401. */
export const invalidApiKey = basicCredential('pact-invalid', 'invalid-secret');
