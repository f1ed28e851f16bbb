// load/deploy/k6-operator renders objects a cluster accepts: the TestRun against k6-operator's CRD schema (a copy,
// grafana/k6-operator v1.6.0, in testrun-crd.v1alpha1.json), the ConfigMap against the 1 MiB limit, and every
// documented apply command against the 262,144-byte last-applied annotation.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  ANNOTATIONS_LIMIT,
  applyProblem,
  CONFIGMAP_LIMIT,
  configMap,
  dataBytes,
  lastAppliedBytes,
  renderConfigMap,
} from '../deploy/k6-operator/pack.ts';

const root = resolve(import.meta.dirname, '..', '..');
const deployDir = join(root, 'load', 'deploy', 'k6-operator');
let dir: string;

let members: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k6-operator-'));
  members = join(dir, 'members.json');
  await writeFile(members, await readFile(join(root, 'load', 'data', 'members.example.json'), 'utf8'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Schema = Record<string, any>;

/**
 * A CRD's structural schema as JSON Schema: the API server prunes or (kubectl's default --validate=strict)
 * rejects fields the schema does not name, so objects with `properties` take no others unless
 * x-kubernetes-preserve-unknown-fields says so.
 */
function strict(s: Schema): Schema {
  if (Array.isArray(s)) return s.map(strict);
  if (s === null || typeof s !== 'object') return s;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-kubernetes-')) continue;
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, strict(ps as Schema)]))
        : strict(v);
  }
  if (s.properties && s.additionalProperties === undefined && !s['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

let compiled: Promise<ValidateFunction> | undefined;

/** Compiled once: the CRD's schema is ~100 KB (every pod field of runner, starter and initializer). */
function testRunValidator(): Promise<ValidateFunction> {
  compiled ??= readFile(join(deployDir, 'testrun-crd.v1alpha1.json'), 'utf8').then((text) => {
    const crd = JSON.parse(text);
    expect(crd.source).toMatchObject({ repository: 'grafana/k6-operator', tag: 'v1.6.0', kind: 'TestRun' });
    // optimize: false compiles it in a quarter of the time; validation is the same.
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { optimize: false } });
    return ajv.compile(strict(crd.openAPIV3Schema));
  });
  return compiled;
}

describe('TestRun', () => {
  it('testrun.yaml is a k6.io/v1alpha1 TestRun the CRD schema accepts, with the k6 image pinned', async () => {
    const testRun = parse(await readFile(join(deployDir, 'testrun.yaml'), 'utf8'));
    expect(testRun).toMatchObject({ apiVersion: 'k6.io/v1alpha1', kind: 'TestRun' });
    const validate = await testRunValidator();
    expect(validate(testRun), JSON.stringify(validate.errors)).toBe(true);
    expect(testRun.spec.runner.image).toBe('grafana/k6:1.8.1');
    expect(testRun.spec.script.configMap).toEqual({ name: 'sessionm-redemption', file: 'redemption.js' });
  });

  it('the schema check rejects what the API server would: a number for an env value, an unknown field', async () => {
    const validate = await testRunValidator();
    const base = parse(await readFile(join(deployDir, 'testrun.yaml'), 'utf8'));
    const numeric = structuredClone(base);
    numeric.spec.runner.env[1].value = 800;
    expect(validate(numeric)).toBe(false);
    const unknown = structuredClone(base);
    unknown.spec.runners = {};
    expect(validate(unknown)).toBe(false);
    const noScript = structuredClone(base);
    delete noScript.spec.script;
    expect(validate(noScript)).toBe(false);
  });
});

describe('ConfigMap', () => {
  it('holds the bundle (without a sourceMappingURL) and the members, within 1 MiB', async () => {
    const cm = await renderConfigMap(members);
    expect(Object.keys(cm.data).sort()).toEqual(['members.json', 'redemption.js']);
    expect(cm.data['redemption.js']).toContain('export {');
    expect(cm.data['redemption.js']).not.toMatch(/sourceMappingURL/);
    expect(dataBytes(cm)).toBeLessThanOrEqual(CONFIGMAP_LIMIT);
  });

  it('refuses bundle + members over 1 MiB', async () => {
    const big = join(dir, 'big.json');
    await writeFile(big, JSON.stringify(Array.from({ length: 60_000 }, (_, i) => ({ external_customer_id: `m${i}` }))));
    await expect(renderConfigMap(big)).rejects.toThrow(/over a ConfigMap's 1048576: ship them on a volumeClaim/);
  });
});

describe('the documented apply path', () => {
  /** Every `kubectl apply` command the docs and the files give for the ConfigMap. */
  async function documentedCommands(): Promise<string[]> {
    const texts = await Promise.all(
      [join(root, 'load', 'README.md'), join(deployDir, 'pack.ts'), join(deployDir, 'testrun.yaml')].map((f) =>
        readFile(f, 'utf8'),
      ),
    );
    return texts.flatMap((t) => t.split('\n').filter((l) => /pack\.ts\b.*\|\s*kubectl\s+apply/.test(l)));
  }

  it('applies the ConfigMap server-side, since the last-applied annotation could not hold it', async () => {
    const cm = await renderConfigMap(members);
    const commands = await documentedCommands();
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const c of commands) expect(applyProblem(c, lastAppliedBytes(cm))).toBeNull();
  });

  it('the check catches a client-side apply of an object over the annotation limit', () => {
    const big = configMap('x', { 'redemption.js': 'x'.repeat(ANNOTATIONS_LIMIT) });
    expect(applyProblem('pack.ts | kubectl apply -f -', lastAppliedBytes(big))).toMatch(/over the 262144-byte limit/);
    expect(applyProblem('pack.ts | kubectl apply --server-side -f -', lastAppliedBytes(big))).toBeNull();
    expect(applyProblem('pack.ts | kubectl apply -f -', lastAppliedBytes(configMap('x', { a: 'b' })))).toBeNull();
  });
});
