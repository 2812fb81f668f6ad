/**
 * Catastrophic origin regexes in configs. The server runs them on attacker-chosen Origin headers;
 * corsguard must only analyse them. Each config also lists long exact origins made of the characters
 * the patterns backtrack on, so a linter that tested its patterns against the config's own strings
 * (or against long probes) would hang here instead of finishing in time.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectWellBehaved } from './expect.js';
import { createScratch, type Scratch } from './generate.js';
import { jsonResults, report, runCli, summarize } from './run-cli.js';

/** Patterns with nested or overlapping quantifiers: exponential or polynomial backtracking. */
export const CATASTROPHIC_PATTERNS = [
  '^(a+)+$',
  '^(https?://)?([a-z]+)*\\.example\\.com$',
  '^https://([a-zA-Z0-9]+\\.?)+\\.example\\.com$',
  '^https://(.*)*\\.example\\.com$',
  '^https://(\\w+\\s?)*$',
  '^https://(a|a)*\\.example\\.com$',
  '^https://(x+x+)+y\\.example\\.com$',
  '^https://(.*?,){30}\\.example\\.com$',
];

/** Exact origins that make the patterns above backtrack if anything ran them. */
const BAITS = [
  `https://${'a'.repeat(60)}!`,
  `https://${'abcdefgh'.repeat(8)}.example.org`,
  `https://${'x'.repeat(60)}.example.com`,
];

function yamlList(items: string[], indent: string): string {
  return items.map((item) => `${indent}- ${JSON.stringify(item)}`).join('\n');
}

const CONFIGS: Record<string, string> = {
  'kong.yaml': [
    'apiVersion: configuration.konghq.com/v1',
    'kind: KongPlugin',
    'metadata:',
    '  name: cors-regex',
    'plugin: cors',
    'config:',
    '  credentials: true',
    '  origins:',
    yamlList([...CATASTROPHIC_PATTERNS, ...BAITS], '    '),
    '',
  ].join('\n'),
  'istio.yaml': [
    'apiVersion: networking.istio.io/v1',
    'kind: VirtualService',
    'metadata:',
    '  name: api',
    'spec:',
    '  hosts: [api.example.com]',
    '  http:',
    '    - route:',
    '        - destination:',
    '            host: api',
    '      corsPolicy:',
    '        allowCredentials: true',
    '        allowOrigins:',
    CATASTROPHIC_PATTERNS.map((pattern) => `          - regex: ${JSON.stringify(pattern)}`).join('\n'),
    BAITS.map((bait) => `          - exact: ${JSON.stringify(bait)}`).join('\n'),
    '',
  ].join('\n'),
  'traefik.yaml': [
    'apiVersion: traefik.io/v1alpha1',
    'kind: Middleware',
    'metadata:',
    '  name: cors',
    'spec:',
    '  headers:',
    '    accessControlAllowCredentials: true',
    '    accessControlAllowOriginListRegex:',
    yamlList(CATASTROPHIC_PATTERNS, '      '),
    '    accessControlAllowOriginList:',
    yamlList(BAITS, '      '),
    '',
  ].join('\n'),
};

let scratch: Scratch;
beforeAll(() => {
  scratch = createScratch('redos');
  for (const [name, text] of Object.entries(CONFIGS)) scratch.write(name, text);
});
afterAll(() => scratch.remove());

describe('catastrophic origin regexes in configs', () => {
  it.each(Object.keys(CONFIGS))('%s is analysed, not run: linting stays fast', async (name) => {
    const file = join(scratch.root, name);
    const run = await runCli(['--format', 'json', file]);
    report(`catastrophic regexes in ${name}`, run, summarize(run));
    expectWellBehaved(run, { cpuMs: 2000, peakRssMiB: 200 });
    expect([0, 1]).toContain(run.exitCode);
    const [result] = jsonResults(run);
    expect(result?.filePath).toBe(file);
    expect(result?.messages.filter((message) => message.fatal === true)).toEqual([]);
  });
});
