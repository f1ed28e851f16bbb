import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ScenarioState } from './context.ts';
import { GroupTree } from './groups.ts';
import type { HttpClient } from './http/client.ts';
import { ErrorTally } from './http/tally.ts';
import { makeConsole } from './k6/console.ts';
import { type Builtins, defineBuiltins, Registry, type Tags } from './metrics/registry.ts';
import { describeScriptError } from './realm.ts';

export type Phase = 'init' | 'setup' | 'run' | 'teardown' | 'done';

/** State shared by the engine and the k6 modules it hands to the script. */
export class Runtime {
  readonly registry = new Registry();
  readonly m: Builtins = defineBuiltins(this.registry);
  readonly groups = new GroupTree();
  /** SharedArray contents by name: one JSON text per element, shared by every VU (k6/data share.go). */
  readonly sharedArrays = new Map<string, readonly string[]>();
  /** Files open() read, by absolute path: read once, as k6's cache-on-read filesystem does. */
  readonly files = new Map<string, Buffer>();
  private readonly texts = new Map<string, string>();
  /** After the first init, open() serves only files that init opened (k6 bundle.go allowOnlyOpenedFiles). */
  filesFrozen = false;
  /** k6 modules beyond the built-in ones, by import path (the k6-summary jslib). */
  readonly extraModules: Record<string, Record<string, unknown>> = {};
  /** `__ENV` as JSON, parsed into each VU's realm. */
  envJson = '{}';
  /** maxRedirects (k6 default 10, cmd/options.go). */
  maxRedirects = 10;
  noCookiesReset = false;
  /** The `throw` option: failed requests throw instead of returning an error response. */
  throwOnError = false;
  /** minIterationDuration: a shorter iteration is padded (after its samples, as k6 RunOnce does). */
  minIterationDurationMs = 0;
  /** exec.test.fail() was called: the run ends with exit 110. */
  markedFailed = false;
  /** setup()'s result as JSON; every VU parses its own copy (runner.go RunOnce). */
  setupJson: string | undefined;
  readonly scenarios: ScenarioState[] = [];
  readonly httpErrors = new ErrorTally();
  phase: Phase = 'init';
  http: HttpClient | null = null;
  globalTags: Tags = {};
  defaultTimeoutMs = 60_000;
  discardResponseBodies = false;
  userAgent = 'k6-embedded-engine/1.0 (node)';
  /** k6's console, shared by all VUs (it only logs). */
  readonly console = makeConsole(this);
  /** Default k6 response callback: 200-399 are expected. */
  responseCallback: ((status: number) => boolean) | null = (s) => s >= 200 && s < 400;
  testStart = 0;
  iterationsCompleted = 0;
  iterationsInterrupted = 0;
  vusActive = 0;
  vusInitialized = 0;
  abortState: { exitCode: number; reason: string } | null = null;
  private abortListeners: (() => void)[] = [];
  private errorsLogged = 0;

  constructor(
    readonly env: Record<string, string>,
    readonly bundleDir: string,
    readonly options: Record<string, unknown>,
    readonly log: (line: string) => void,
  ) {}

  readFile(path: string): Buffer {
    return readFileSync(path);
  }

  /** The file as text, decoded once: every VU's open() gets the same string. */
  textOf(path: string, bytes: Buffer): string {
    let t = this.texts.get(path);
    if (t === undefined) {
      t = bytes.toString('utf8');
      this.texts.set(path, t);
    }
    return t;
  }

  elapsedMs(): number {
    return this.testStart === 0 ? 0 : performance.now() - this.testStart;
  }

  /** Stops the run early; the first reason wins. */
  abort(exitCode: number, reason: string): void {
    if (this.abortState) return;
    this.abortState = { exitCode, reason };
    for (const l of this.abortListeners.splice(0)) l();
  }

  onAbort(listener: () => void): () => void {
    if (this.abortState) {
      listener();
      return () => undefined;
    }
    this.abortListeners.push(listener);
    return () => {
      this.abortListeners = this.abortListeners.filter((l) => l !== listener);
    };
  }

  /** Logs a script error; floods are cut after a hundred, as they say nothing new. */
  scriptError(err: unknown, where: string): void {
    this.errorsLogged++;
    if (this.errorsLogged <= 100) {
      this.log(`ERRO ${where}: ${describeScriptError(err)}`);
    } else if (this.errorsLogged === 101) {
      this.log('ERRO further script errors are not logged');
    }
  }
}
