import { describe, expect, it } from 'vitest';
import { scanImports, unsupportedUses } from '../loader.ts';

const modules = {
  k6: { check: 1, sleep: 1, default: {} },
  'k6/http': { asyncRequest: 1, default: {} },
  'k6/execution': { scenario: 1, vu: 1, default: {} },
};

describe('static API check', () => {
  it('reads named, default and namespace imports of an esbuild bundle', () => {
    const code = [
      'import { check, sleep as pause } from "k6";',
      'import http, { asyncRequest } from "k6/http";',
      'import * as exec from "k6/execution";',
      'var x = http.asyncRequest("GET", "u"); exec.scenario.name; pause(1);',
    ].join('\n');
    const uses = scanImports(code);
    expect([...(uses.get('k6')?.names ?? [])].sort()).toEqual(['check', 'sleep']);
    expect([...(uses.get('k6/http')?.names ?? [])].sort()).toEqual(['asyncRequest']);
    expect([...(uses.get('k6/execution')?.names ?? [])]).toEqual(['scenario']);
    expect(unsupportedUses(uses, modules)).toEqual([]);
  });

  it('names every missing API, module and remote import', () => {
    const code = [
      'import http from "k6/http";',
      'import {\n  check,\n  randomSeed\n} from "k6";',
      'import ws from "k6/ws";',
      'import { uuidv4 } from "https://jslib.k6.io/k6-utils/1.4.0/index.js";',
      'http.batch([]); http.get("x"); check(1, {}); randomSeed(1);',
    ].join('\n');
    expect(unsupportedUses(scanImports(code), modules).sort()).toEqual([
      'k6.randomSeed is not supported by the embedded engine',
      'k6/http.batch is not supported by the embedded engine',
      'k6/http.get is not supported by the embedded engine',
      'k6/ws is not supported by the embedded engine',
      'remote module https://jslib.k6.io/k6-utils/1.4.0/index.js is not supported by the embedded engine (no network; vendor it into the bundle)',
    ]);
  });

  it("does not mistake another object's property for a k6 call", () => {
    const uses = scanImports('import http from "k6/http";\nconst o = { http: 1 }; o.http.batch; myhttp.batch();');
    expect(unsupportedUses(uses, modules)).toEqual([]);
  });
});
