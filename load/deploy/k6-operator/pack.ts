// Prints the ConfigMap the TestRun mounts: the bundled redemption script and the members file.
//   MEMBERS_FILE=members.json npx tsx load/deploy/k6-operator/pack.ts | kubectl apply --server-side -f -
// Server-side apply: a client-side `kubectl apply` copies the whole object into its last-applied-configuration
// annotation, and annotations are capped at 262,144 bytes; the bundle alone is about twice that.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { exitCodes } from '../../../client/exit-codes.ts';
import { bundleK6Scripts } from '../../bundle.ts';

/** Kubernetes caps a ConfigMap's data (keys and values) at 1 MiB (apimachinery ValidateConfigMap). */
export const CONFIGMAP_LIMIT = 1024 * 1024;
/** And an object's annotations at 256 KiB (apimachinery TotalAnnotationSizeLimitB). */
export const ANNOTATIONS_LIMIT = 256 * 1024;

export const defaultName = 'sessionm-redemption';

export interface ConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: { name: string };
  data: Record<string, string>;
}

export function configMap(name: string, files: Record<string, string>): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: files };
}

/** Bytes the API server counts against the 1 MiB limit. */
export function dataBytes(cm: ConfigMap): number {
  return Object.entries(cm.data).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

/** What a client-side `kubectl apply` would store in kubectl.kubernetes.io/last-applied-configuration. */
export function lastAppliedBytes(obj: unknown): number {
  return Buffer.byteLength(JSON.stringify(obj));
}

/**
 * Why a documented `… | kubectl apply …` command would fail for an object of `bytes` (JSON), or null: only a
 * server-side apply stores no last-applied annotation.
 */
export function applyProblem(command: string, bytes: number): string | null {
  if (!/\bkubectl\s+apply\b/.test(command) || /--server-side\b/.test(command)) return null;
  if (bytes < ANNOTATIONS_LIMIT) return null;
  return `"${command.trim()}" stores the ${bytes}-byte object in the last-applied-configuration annotation, over the ${ANNOTATIONS_LIMIT}-byte limit: use kubectl apply --server-side`;
}

/** Bundles the script and renders the ConfigMap; throws when it would not fit. */
export async function renderConfigMap(membersFile: string, name = defaultName): Promise<ConfigMap> {
  const bundles = await bundleK6Scripts();
  const bundle = bundles.find((b) => b.endsWith('/redemption.js'));
  if (!bundle) throw new Error('no redemption bundle in dist/k6');
  const cm = configMap(name, {
    'redemption.js': await readFile(bundle, 'utf8'),
    'members.json': await readFile(membersFile, 'utf8'),
  });
  const size = dataBytes(cm);
  if (size > CONFIGMAP_LIMIT) {
    throw new Error(
      `bundle + members are ${size} bytes, over a ConfigMap's ${CONFIGMAP_LIMIT}: ship them on a volumeClaim instead`,
    );
  }
  return cm;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const members = process.env.MEMBERS_FILE;
  if (!members) {
    process.stderr.write('set MEMBERS_FILE to the members JSON the runners read (see load/README.md)\n');
    process.exit(exitCodes.refused);
  }
  try {
    process.stdout.write(stringify(await renderConfigMap(members, process.env.CONFIGMAP_NAME || defaultName)));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(exitCodes.failed);
  }
}
