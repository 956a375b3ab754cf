/** What `loadConfig` accepts and refuses for HOST, NILAI_SEND_TIMEOUT_MS, NILAI_SEND_CONCURRENCY, NILAI_WEB_SEND_CONCURRENCY and NILAI_SWEEP_INTERVAL_MS (the CLI's one-line messages are in serve.test.ts). */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

describe('configuration', () => {
  it.each(['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost', 'nilai-1.internal', 'NILAI.example.com'])('HOST=%s is a listen address', (host) => {
    expect(loadConfig({ HOST: host }).host).toBe(host);
  });

  it.each(['http://example.com', 'local host', '999.1.1.1', '10.0.0.1:3000', '-bad.example', 'a..b'])('HOST=%s is refused', (host) => {
    expect(problems({ HOST: host })).toEqual([`HOST must be an IP address (0.0.0.0, ::, 127.0.0.1) or a host name such as localhost (got "${host}").`]);
  });

  it('NILAI_SEND_TIMEOUT_MS is a whole number (milliseconds) from 1 to 15000', () => {
    expect(problems({ NILAI_SEND_TIMEOUT_MS: '1500' })).toEqual([]);
    expect(problems({ NILAI_SEND_TIMEOUT_MS: '15000' })).toEqual([]);
    for (const bad of ['0', '15001', '1.5', '2s', 'abc', '-1']) {
      expect(problems({ NILAI_SEND_TIMEOUT_MS: bad })).toEqual([`NILAI_SEND_TIMEOUT_MS must be a whole number from 1 to 15000 (got "${bad}").`]);
    }
  });

  it('NILAI_SEND_CONCURRENCY is 10 unless set to a whole number from 1 to 200', () => {
    expect(loadConfig({}).sendConcurrency).toBe(10);
    expect(loadConfig({ NILAI_SEND_CONCURRENCY: '50' }).sendConcurrency).toBe(50);
    for (const bad of ['0', '201', '2.5', 'many']) {
      expect(problems({ NILAI_SEND_CONCURRENCY: bad })).toEqual([`NILAI_SEND_CONCURRENCY must be a whole number from 1 to 200 (got "${bad}").`]);
    }
  });

  it('NILAI_WEB_SEND_CONCURRENCY is 100 unless set to a whole number from 1 to 1000', () => {
    expect(loadConfig({}).keyedSendConcurrency).toBe(100);
    expect(loadConfig({ NILAI_WEB_SEND_CONCURRENCY: '400' }).keyedSendConcurrency).toBe(400);
    for (const bad of ['0', '1001', 'lots']) {
      expect(problems({ NILAI_WEB_SEND_CONCURRENCY: bad })).toEqual([`NILAI_WEB_SEND_CONCURRENCY must be a whole number from 1 to 1000 (got "${bad}").`]);
    }
  });

  it('NILAI_SWEEP_INTERVAL_MS is unset (each sweep its default) unless a whole number from 100 to 3600000', () => {
    expect(loadConfig({}).sweepIntervalMs).toBe(null);
    expect(loadConfig({ NILAI_SWEEP_INTERVAL_MS: '250' }).sweepIntervalMs).toBe(250);
    for (const bad of ['99', '3600001', '1.5', '5s']) {
      expect(problems({ NILAI_SWEEP_INTERVAL_MS: bad })).toEqual([`NILAI_SWEEP_INTERVAL_MS must be a whole number from 100 to 3600000 (got "${bad}").`]);
    }
  });
});
