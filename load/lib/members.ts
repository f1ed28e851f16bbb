// A live target's members file (MEMBERS_FILE): a JSON array of { "external_customer_id": "…" }. Pure: the k6 script
// reads it in its init context, `npm run accept` before anything is sent.

export interface Member {
  external_customer_id: string;
}

/** The members in `text`; throws naming the file and the first bad entry. */
export function parseMembers(text: string, file: string): Member[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new Error(`${file} must be a non-empty JSON array of members`);
  return parsed.map((m, i) => {
    if (typeof m?.external_customer_id !== 'string' || m.external_customer_id === '') {
      throw new Error(`${file}[${i}] needs an "external_customer_id" string`);
    }
    return { external_customer_id: m.external_customer_id };
  });
}
