import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allExpectations, assumptions, isPending } from '../expectations.ts';
import { apiNotesPath, refreshedNotes, renderExpectations, updateNotes } from '../notes.ts';

describe('provenance', () => {
  it('cites a source for every documented expectation and states every assumed one', () => {
    for (const [key, e] of allExpectations()) {
      if (e.rule.kind === 'documented') expect(e.rule.cite.length, key).toBeGreaterThan(0);
      else expect(e.rule.assumption.length, key).toBeGreaterThan(20);
    }
    expect(allExpectations().filter(([, e]) => isPending(e)).length).toBeGreaterThan(0);
  });

  it('is rendered into docs/api-notes.md, every assumption listed', () => {
    if (process.env.UPDATE_DOCS === '1') updateNotes();
    const notes = readFileSync(apiNotesPath, 'utf8');
    expect(
      refreshedNotes(notes),
      'docs/api-notes.md is stale: UPDATE_DOCS=1 npx vitest run contracts/test/provenance.test.ts',
    ).toBe(notes);
    for (const { assumption } of assumptions()) expect(notes).toContain(assumption.replace(/\|/g, '\\|'));
  });

  it('notices a stale docs block, and a docs file without its markers', () => {
    const notes = readFileSync(apiNotesPath, 'utf8');
    const stale = notes.replace(renderExpectations(), renderExpectations().replace('pending', 'PENDING'));
    expect(stale).not.toBe(notes);
    expect(refreshedNotes(stale)).toBe(notes);
    expect(() => refreshedNotes('# no markers')).toThrow(/has no <!-- generated:expectations:start/);
  });
});
