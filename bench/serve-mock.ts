// The mock as a server child of the bench (tsx: its schemas are read relative to its source). Prints its URL first.
import { startMock } from '../mock/server.ts';
import { exitWithParent } from './procs.ts';

exitWithParent();
console.log(`listening on ${(await startMock({ port: 0 })).url}`);
