import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { formatErrors, quote, shownValueChars } from '../errors.ts';

const typeError = (data: unknown): ErrorObject => ({
  keyword: 'type',
  instancePath: '/payload/name',
  schemaPath: '#/properties/payload/properties/name/type',
  params: { type: 'string' },
  data,
});

describe('values in messages', () => {
  it('shows a short value whole, as its JSON', () => {
    expect(quote('1')).toBe('"1"');
    expect(quote({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(quote(undefined)).toBe('undefined');
    expect(formatErrors([typeError(7)])).toEqual([{ path: '/payload/name', message: 'must be string, got 7' }]);
  });

  it('cuts a long string short and says how long it was, in one line', () => {
    const huge = `${'a'.repeat(2_000_000)}\n`;
    const [violation] = formatErrors([{ ...typeError(huge), params: { type: 'integer' } }]);
    expect(violation?.message).toBe(`must be integer, got "${'a'.repeat(shownValueChars)}…" (2000001 chars)`);
    expect(quote('é'.repeat(shownValueChars + 1))).toBe(`"${'é'.repeat(shownValueChars)}…" (61 chars)`);
  });

  it('cuts other long JSON short too', () => {
    const list = Array.from({ length: 100 }, (_, i) => i);
    const shown = quote(list);
    expect(shown).toBe(
      `${JSON.stringify(list).slice(0, shownValueChars)}… (${JSON.stringify(list).length} chars of JSON)`,
    );
    expect(shown).not.toContain('\n');
  });
});
