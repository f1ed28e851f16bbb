import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { exitCodes } from '../../client/exit-codes.ts';

const USAGE = `usage: npm run engine -- run BUNDLE.js [--out DIR | --scratch DIR] [--out json=FILE] [-e K=V ...] [-q]

Runs a k6 bundle (esbuild ESM output, k6 imports external) in Node, as k6 run would.
  --out DIR         also write summary.json (handleSummary's data; not k6's legacy --summary-export shape) and
                    timeseries.json into DIR; without it, as with k6, only what the script's handleSummary writes
  --scratch DIR     as --out DIR, for a caller that reads the files and deletes DIR: not named in the closing line
  --out json=FILE   also write k6's JSON-lines output to FILE (its folder is created)
  -e, --env K=V     set __ENV.K (repeatable; the process environment is there too, as in k6)
  -q, --quiet       no progress, no end-of-test summary on stdout (files are still written)
A bundle reads its settings from __ENV. The project's dist/k6/redemption.js (npm run bundle) needs either
  -e TARGET_KIND=mock -e SESSIONM_BASE_URL=http://127.0.0.1:8080      a mock started by npm run mock
  -e TARGET_KIND=live -e MEMBERS_FILE=/abs/members.json -e SESSIONM_BASE_URL=… (SESSIONM_API_KEY from the env)
  and takes PROFILE, RATE, DURATION, SLO_* as npm run load does (load/README.md).
Exit codes as k6: 0 ok, 99 thresholds failed, 104 invalid options, 107 script error, 108 test.abort(); 2 bad arguments.`;

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return exitCodes.refused;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return exitCodes.ok;
  }
  if (positionals[0] !== 'run' || positionals.length !== 2) {
    process.stderr.write(`${USAGE}\n`);
    return exitCodes.refused;
  }
  const bundle = positionals[1] as string;
  let outDir: string | undefined;
  let jsonOut: string | undefined;
  for (const o of values.out ?? []) {
    if (o.startsWith('json=')) jsonOut = o.slice(5);
    else outDir = o;
  }
  if (jsonOut === '') {
    process.stderr.write(`--out json=FILE needs a file name\n${USAGE}\n`);
    return exitCodes.refused;
  }
  if (outDir !== undefined && values.scratch !== undefined) {
    process.stderr.write(`--out DIR and --scratch DIR: give one folder\n${USAGE}\n`);
    return exitCodes.refused;
  }
  const env: Record<string, string> = {};
  for (const kv of values.env ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) {
      process.stderr.write(`--env needs K=V, got "${kv}"\n`);
      return exitCodes.refused;
    }
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  // -q: k6's --quiet (no progress) and no summary on stdout, handleSummary's included; its files are written.
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  // The engine's modules load only for a run: --help and a bad flag answer at once.
  const { runBundle } = await import('./index.ts');
  const result = await runBundle(bundle, {
    outDir: outDir ?? values.scratch,
    jsonOut,
    env,
    quiet: values.quiet,
    ...(values.quiet ? { stdout: discard } : {}),
  });
  if (result.summary && !values.quiet) {
    // A --scratch folder is gone once its caller has read it: only --out's is named.
    const kept = outDir === undefined ? undefined : result.outDir;
    const wrote = kept ? [join(kept, 'summary.json'), join(kept, 'timeseries.json')] : [];
    if (jsonOut) wrote.push(resolve(jsonOut));
    if (wrote.length > 0) process.stderr.write(`engine: wrote ${wrote.join(', ')}\n`);
  }
  return result.exitCode;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o', multiple: true },
      scratch: { type: 'string' },
      env: { type: 'string', short: 'e', multiple: true },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // A timer or socket the script left behind must not keep a finished run alive.
      setTimeout(() => process.exit(code), 5000).unref();
    },
    (err) => {
      process.stderr.write(
        `ERRO internal error in the embedded engine, a bug (not in your script); please report it with this trace:\n${(err as Error).stack ?? err}\n`,
      );
      process.exitCode = exitCodes.engineError;
    },
  );
}
