// The mock as a server child of the bench (tsx: its schemas are read relative to its source). Prints its URL first.
import { startMock } from '../mock/server.ts';

process.on('SIGTERM', () => process.exit(0));
console.log(`listening on ${(await startMock({ port: 0 })).url}`);
