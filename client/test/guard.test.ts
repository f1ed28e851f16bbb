import { describe, expect, it } from 'vitest';
import { guardTarget, isLoopback, type TrafficPlan } from '../guard.ts';

const plan = (target: string): TrafficPlan => ({
  tool: 'fuzz',
  target,
  rate: '20 req/s',
  volume: '1,000 malformed requests',
  operations: ['fetchOffer', 'getUserOffers'],
});

describe('isLoopback', () => {
  it.each([
    'http://127.0.0.1:8080',
    'http://127.1.2.3',
    'http://127.255.255.255/x',
    'http://localhost:3000',
    'http://LOCALHOST',
    'http://[::1]:8080',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://127.1/',
    'http://0x7f000001/',
  ])('%s is loopback', (url) => {
    expect(isLoopback(url)).toBe(true);
  });

  it.each([
    'http://127.0.0.1.evil.com',
    'http://localhost.evil.com',
    'http://evil.com/127.0.0.1',
    'http://user@evil.com',
    'http://128.0.0.1',
    'http://10.0.0.1',
    'http://0.0.0.0',
    'http://[::2]',
    'http://[::ffff:127.0.0.1]',
    'https://pos-client.stg-sessionm.com',
  ])('%s is not loopback', (url) => {
    expect(isLoopback(url)).toBe(false);
  });
});

describe('guardTarget', () => {
  it('lets loopback targets through without printing anything', () => {
    const lines: string[] = [];
    expect(guardTarget(plan('http://127.0.0.1:8080'), false, (l) => lines.push(l))).toEqual({ allowed: true });
    expect(lines).toEqual([]);
  });

  it('prints the plan and refuses a remote target without --yes, with exit code 2', () => {
    const lines: string[] = [];
    const verdict = guardTarget(plan('https://pos-client.stg-sessionm.com/'), false, (l) => lines.push(l));
    expect(verdict).toEqual({
      allowed: false,
      exitCode: 2,
      message: expect.stringContaining('without --yes'),
    });
    expect(lines.join('\n')).toContain('1,000 malformed requests at 20 req/s to https://pos-client.stg-sessionm.com');
    expect(lines.join('\n')).toContain('fetchOffer, getUserOffers');
  });

  it('lets a remote target through with --yes, after printing the plan', () => {
    const lines: string[] = [];
    expect(guardTarget(plan('http://127.0.0.1.evil.com'), true, (l) => lines.push(l))).toEqual({ allowed: true });
    expect(lines).toHaveLength(1);
  });

  it('never prints credentials embedded in the URL', () => {
    const lines: string[] = [];
    guardTarget(plan('https://me:hunter22@api.example.com/'), false, (l) => lines.push(l));
    expect(lines.join('\n')).not.toContain('hunter22');
  });

  it('refuses what is not an http(s) URL', () => {
    expect(guardTarget(plan('not a url'), true, () => {})).toMatchObject({ allowed: false, exitCode: 2 });
    expect(guardTarget(plan('file:///etc/passwd'), true, () => {})).toMatchObject({ allowed: false, exitCode: 2 });
  });
});
