// A live run with too few members for its rate stops at set-up with one line saying how many it needs.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeEntry } from '../../client/node-entry.ts';
import { type RunningMock, startMock } from '../../mock/server.ts';

const root = resolve(import.meta.dirname, '../..');

describe('npm run load against a live target with fewer members than the rate needs', () => {
  let mock: RunningMock;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'load-members-'));
    mock = await startMock({ port: 0 });
  });
  afterAll(async () => {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 108 before issuing anything, naming the members it has and needs', async () => {
    const members = join(dir, 'members.json');
    await writeFile(members, JSON.stringify([{ external_customer_id: '14311211' }]));
    const before = mock.state();
    const args = [...nodeEntry('scripts/load.ts'), '--target', mock.url, '--profile', 'smoke', '--engine', 'node'];
    const child = spawn(process.execPath, [...args, '--out', join(dir, 'out')], {
      cwd: root,
      env: { ...process.env, TARGET_KIND: 'live', MEMBERS_FILE: members, RATE: '5', DURATION: '2s' },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise((done) => child.on('close', done));
    expect(code, output).toBe(108);
    expect(output).toContain(
      'MEMBERS_FILE has 1 member; 5 flows/s with flows up to 1500 ms (SLO_FLOW_P99_MS) need 8, so that no member has two flows in flight',
    );
    expect(mock.state()).toEqual(before);
  }, 60_000);
});
