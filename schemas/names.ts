// Pure naming helper shared by the standalone build and its runtime lookup.

/** "…/lock-user-offer.request.json" → "validateLockUserOfferRequest" */
export function validatorName(idOrFile: string): string {
  const base =
    idOrFile
      .split('/')
      .pop()
      ?.replace(/\.json$/, '') ?? idOrFile;
  return `validate${base
    .split(/[-.]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}`;
}
