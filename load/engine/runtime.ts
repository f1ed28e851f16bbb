import { performance } from 'node:perf_hooks';
import type { ScenarioState } from './context.ts';
import { GroupTree } from './groups.ts';
import type { HttpClient } from './http/client.ts';
import { ErrorTally } from './http/tally.ts';
import { type Builtins, defineBuiltins, Registry, type Tags } from './metrics/registry.ts';

/** Thrown by exec.test.abort(); ends the run with k6's ScriptAborted exit code. */
export class TestAbort extends Error {}

export const EXIT = {
  ok: 0,
  thresholdsFailed: 99,
  setupTimeout: 100,
  teardownTimeout: 101,
  invalidConfig: 104,
  scriptException: 107,
  scriptAborted: 108,
} as const;

export type Phase = 'init' | 'setup' | 'run' | 'teardown' | 'done';

/** State shared by the engine and the k6 modules it hands to the script. */
export class Runtime {
  readonly registry = new Registry();
  readonly m: Builtins = defineBuiltins(this.registry);
  readonly groups = new GroupTree();
  readonly sharedArrays = new Map<string, readonly unknown[]>();
  readonly scenarios: ScenarioState[] = [];
  readonly httpErrors = new ErrorTally();
  phase: Phase = 'init';
  http: HttpClient | null = null;
  globalTags: Tags = {};
  defaultTimeoutMs = 60_000;
  discardResponseBodies = false;
  userAgent = 'k6-embedded-engine/1.0 (node)';
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
      const msg = err instanceof Error ? (err.stack ?? err.message) : String(err);
      this.log(`ERRO ${where}: ${msg}`);
    } else if (this.errorsLogged === 101) {
      this.log('ERRO further script errors are not logged');
    }
  }
}
