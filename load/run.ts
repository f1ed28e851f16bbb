// runLoad: one load run as one pipeline, prepare → launch → collect (load/run/), with the mock it drives: the
// one it is given, or the embedded mock it starts and stops. `npm run load`, `npm start`, `npm run soak`,
// `npm run accept`'s Load section, bench's flow section and the tests all run through it.
import { exitCodes } from '../client/exit-codes.ts';
import type { MockState } from '../schemas/generated/types.ts';
import type { Tolerance } from './compare-baseline.ts';
import { describeProfile } from './lib/profiles.ts';
import { MockStateError, mockState } from './mock-state.ts';
import { collect, engineLabel, type LoadResult } from './run/collect.ts';
import { type LaunchOptions, launch } from './run/launch.ts';
import { type MockTarget, type PrepareOptions, prepare, scriptEnv } from './run/prepare.ts';

export type { LoadResult } from './run/collect.ts';
export type { EngineChoice, MockTarget } from './run/prepare.ts';
export { scriptEnv } from './run/prepare.ts';

export interface LoadOptions extends PrepareOptions, Pick<LaunchOptions, 'onStart' | 'output'> {
  tolerance?: Partial<Tolerance>;
  /** The file the faults came from, recorded in the reports. */
  faultsFile?: string;
  /** Where the caller writes the run's reports (runLoad writes no run folder): named in the run's first line. */
  reportDir?: string;
}

/** The mock's state, read here when it is held here, else through its admin API. */
const stateOf = async (mock: MockTarget): Promise<MockState> =>
  mock.state?.() ?? mockState(mock.url.replace(/\/+$/, ''));

export async function runLoad(options: LoadOptions = {}): Promise<LoadResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const prepared = await prepare({ ...options, log });
  if (!('bundle' in prepared)) return prepared;
  const { target, settings } = prepared;
  const started =
    target.kind === 'embedded'
      ? await (await import('../mock/server.ts')).startMock({
          port: 0,
          ...(target.faults ? { faults: target.faults } : {}),
        })
      : undefined;
  try {
    const mock = started ?? (target.kind === 'mock' ? target.mock : undefined);
    const url = mock ? mock.url.replace(/\/+$/, '') : target.kind === 'live' ? target.url.replace(/\/+$/, '') : '';
    // A mock held in this process is the embedded one; one reached by URL is named by it.
    const targetLabel = mock?.state ? `embedded mock ${url}` : url;
    const output = options.reportDir ? `; output ${options.reportDir}` : '';
    log(`${describeProfile(settings)}; target ${targetLabel}; engine ${engineLabel(prepared.engine)}${output}`);
    // A mock may have served others before (npm start verifies contracts first): count this run's share only.
    let before: MockState | undefined;
    try {
      if (mock) before = await stateOf(mock);
    } catch (error) {
      if (error instanceof MockStateError) return { exitCode: exitCodes.refused, message: error.message };
      throw error;
    }
    const env = scriptEnv(
      mock ? { kind: 'mock', url, ...(mock.apiKey ? { apiKey: mock.apiKey } : {}) } : { kind: 'live', url },
      settings.profile,
      prepared.env,
    );
    const launched = await launch({
      bundle: prepared.bundle,
      engine: prepared.engine,
      env,
      ...(prepared.jsonOut ? { jsonOut: prepared.jsonOut } : {}),
      ...(options.members && !mock ? { members: options.members } : {}),
      ...(options.onStart ? { onStart: options.onStart } : {}),
      ...(options.output ? { output: options.output } : {}),
    });
    const after = mock && before && launched.summary ? await stateOf(mock) : undefined;
    const faults = target.kind === 'embedded' && target.faults ? target.faults : undefined;
    return collect(prepared, launched, {
      targetLabel,
      ...(before && after ? { mockStates: { before, after } } : {}),
      ...(options.tolerance ? { tolerance: options.tolerance } : {}),
      ...(faults ? { faults: { ...(options.faultsFile ? { file: options.faultsFile } : {}), ...faults } } : {}),
    });
  } finally {
    await started?.close();
  }
}
