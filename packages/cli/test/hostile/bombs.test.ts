/**
 * YAML and JSON bombs against the built CLI: each must finish within 2 s of CPU (node start-up
 * included, except for the two 100,000-key cases below; see `expect.ts` for why CPU rather than wall time) with findings or a clear positioned
 * error, within a memory bound far below what expanding the input would take. Time and peak RSS are
 * printed for every case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFindings, expectReadError, expectWellBehaved, type Bounds } from './expect.js';
import {
  amplifyAliasFanOut,
  apisixAliasFanOut,
  apisixRouteAliasFanOut,
  billionLaughs,
  chartValuesFanOut,
  cloudFormationReferenceFanOut,
  contourAliasFanOut,
  createScratch,
  deckAliasFanOut,
  deepBlockSequence,
  deepFlowMapping,
  deepFlowSequence,
  deepJson,
  envoyAliasFanOut,
  forEachAliasFanOut,
  httpRouteAliasFanOut,
  intrinsicFanOut,
  istioAliasList,
  kongPlugin,
  largeIngressStream,
  manyAnnotationKeys,
  manyKeysJson,
  mergeKeyBomb,
  samGlobalsFanOut,
  selfReferencingAliases,
  serverlessEventFanOut,
  type Scratch,
} from './generate.js';
import { cliStartupCpuMs, report, runCli, runCliBestOf2, summarize } from './run-cli.js';

/** Small files whose expansion would be exponential: the CLI's own footprint plus a little. */
const SMALL: Bounds = { cpuMs: 2000, peakRssMiB: 160 };

let scratch: Scratch;
beforeAll(() => {
  scratch = createScratch('bombs');
});
afterAll(() => scratch.remove());

/** Kong echoes any origin with credentials when `origins` is absent; the finding sits on the `config` block. */
function kongReflected(configLine: number) {
  return { ruleId: 'no-reflected-origin-with-credentials', line: configLine, column: 3 };
}

describe.concurrent('alias bombs', () => {
  it('billion laughs (10 levels of 10 aliases) is read without expanding it', async () => {
    const { text, topLines } = billionLaughs(10, 10);
    const file = scratch.write('lol/kong-plugin.yaml', text);
    const run = await runCli(['--format', 'json', file]);
    report('billion laughs, 10 levels × 10 aliases', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(1);
    expectFindings(run, file, [kongReflected(7 + topLines)]);
  });

  it('merge keys fanned out 10 levels of 10 fold to the distinct keys', async () => {
    const { text, topLines } = mergeKeyBomb(10, 10);
    const file = scratch.write('merge/kong-plugin.yaml', text);
    const run = await runCli(['--format', 'json', file]);
    report('merge-key fan-out, 10 levels × 10', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(1);
    expectFindings(run, file, [kongReflected(7 + topLines)]);
  });

  it('a fan-out behind CloudFormation intrinsics is not flattened: the origins are unknown', async () => {
    const file = scratch.write('intrinsics/template.yaml', intrinsicFanOut());
    const run = await runCli(['--format', 'json', file]);
    report('alias fan-out behind !If / Fn::If / !Join / Fn::Select / Fn::Sub', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(0);
    expectFindings(run, file, []);
  });

  it.each([
    ['Gateway API httpRoute', 'httpRoute', [{ ruleId: 'no-null-origin', line: 11, column: 24 }]],
    ['Istio corsPolicy', 'virtualService', [{ ruleId: 'no-null-origin', line: 5, column: 16 }]],
    // ingress-nginx's defaults once CORS is enabled: any origin with credentials, a 20-day Max-Age.
    [
      'ingress-nginx ingress',
      'ingress',
      [
        { ruleId: 'no-wildcard-origin-with-credentials', line: 5, column: 5 },
        { ruleId: 'max-age-within-browser-cap', line: 5, column: 5 },
      ],
    ],
  ] as const)('chart values fanned out 8 levels of 20 aliases are searched once: the %s after them still counts', async (label, section, findings) => {
    const { text, topLines } = chartValuesFanOut(section);
    const file = scratch.write(`values-fan-out/${section}/values.yaml`, text);
    const run = await runCli(['--format', 'json', file], { killAfterMs: 15_000 });
    report(`chart-values alias fan-out, 8 levels × 20, ${label}`, run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(1);
    expectFindings(run, file, findings.map((finding) => ({ ...finding, line: finding.line + topLines })));
  });

  it('SAM Globals merged into a resource through the same alias fan-out are merged once per pair of nodes', async () => {
    const { text, topLines } = samGlobalsFanOut(10, 10);
    const file = scratch.write('sam-globals/template.yaml', text);
    const run = await runCli(['--format', 'json', file], { killAfterMs: 15_000 });
    report('SAM Globals and resource Auth, one alias fanned out 10 levels × 10', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(1);
    expectFindings(run, file, [{ ruleId: 'no-wildcard-origin-with-credentials', line: topLines + 5, column: 20 }]);
  });

  it('an Fn::ForEach resource fragment with an alias fan-out (10 levels × 10) is rewritten once per node', async () => {
    const { text, topLines } = forEachAliasFanOut(10, 10);
    const file = scratch.write('foreach-fan-out/template.yaml', text);
    const run = await runCli(['--format', 'json', file], { killAfterMs: 15_000 });
    report('Fn::ForEach fragment with an alias fan-out, 10 levels × 10', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(1);
    expectFindings(run, file, [{ ruleId: 'no-wildcard-origin-with-credentials', line: topLines + 11, column: 28 }]);
  });

  it('a decK plugin reached through 60 × 60 × 60 aliased services, routes and plugin lists is one plugin', async () => {
    const file = scratch.write('deck-fan-out/kong.yaml', deckAliasFanOut(60));
    const run = await runCli(['--format', 'json', file], { killAfterMs: 15_000 });
    report('decK services × routes × plugins, one alias each, 60 × 60 × 60', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(1);
    // At the '*' in `origins`: Kong echoes the request's origin for '*' when credentials are on.
    expectFindings(run, file, [{ ruleId: 'no-reflected-origin-with-credentials', line: 2, column: 53 }]);
  });

  it('a Serverless http event listed 400 times in an event list 400 functions share by alias is one path', async () => {
    const file = scratch.write('serverless-fan-out/serverless.yml', serverlessEventFanOut(400));
    const run = await runCli(['--format', 'json', file], { killAfterMs: 15_000 });
    report('Serverless functions × http events, one alias each, 400 × 400', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(1);
    // At the '*' in `origin`: with credentials, API Gateway's mock integration sends '*' and browsers refuse it.
    expectFindings(run, file, [{ ruleId: 'no-wildcard-origin-with-credentials', line: 3, column: 71 }]);
  });

  it('an HTTPRoute CORS filter reached through 60 rules × 60 backends × 60 filter aliases is one filter', async () => {
    const file = scratch.write('httproute-fan-out/route.yaml', httpRouteAliasFanOut(60));
    const run = await runCli(['--format', 'json', file], { killAfterMs: 15_000 });
    report('HTTPRoute rules × backendRefs × filters, one alias each, 60 × 60 × 60', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(1);
    // At the '*' in allowOrigins: with credentials, the gateway echoes the request's origin.
    expectFindings(run, file, [{ ruleId: 'no-reflected-origin-with-credentials', line: 6, column: 58 }]);
  });

  it('an APISIX route listed 400 times in a routes list 400 services share by alias is one route', async () => {
    const file = scratch.write('apisix-fan-out/apisix.yaml', apisixAliasFanOut(400));
    const run = await runCli(['--format', 'json', file], { killAfterMs: 15_000 });
    report('APISIX services × routes, one alias each, 400 × 400', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(1);
    // The plugin's defaults (every method and header as '*') at its `cors` key; `**` echoes any origin.
    expectFindings(run, file, [
      { ruleId: 'no-wildcard-lists-with-credentials', line: 1, column: 55 },
      { ruleId: 'no-wildcard-lists-with-credentials', line: 1, column: 55 },
      { ruleId: 'no-reflected-origin-with-credentials', line: 1, column: 78 },
    ]);
  });

  it('an Envoy route listed 400 times in a virtual host listed 400 times by alias is one route', async () => {
    const text = envoyAliasFanOut(400);
    const file = scratch.write('envoy-fan-out/envoy.yaml', text);
    const run = await runCli(['--format', 'json', file], { killAfterMs: 15_000 });
    report('Envoy virtual hosts × routes, one alias each, 400 × 400', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(1);
    const routeLine = text.split('\n')[0] ?? '';
    // The policy leaves out Vary: Origin (blamed on its origins key); `.*` with credentials echoes any origin.
    expectFindings(run, file, [
      { ruleId: 'require-vary-origin', line: 1, column: routeLine.indexOf('allow_origin_string_match') + 1 },
      { ruleId: 'no-reflected-origin-with-credentials', line: 1, column: routeLine.indexOf('".*"') + 1 },
    ]);
  });

  it('a CloudFormation method whose ResourceId is an alias fan-out (9 levels × 10) names no resource, and the URL after it still counts', async () => {
    const text = cloudFormationReferenceFanOut(9, 10);
    const file = scratch.write('cfn-reference-fan-out/template.yaml', text);
    const run = await runCli(['--format', 'json', file], { killAfterMs: 15_000 });
    report('CloudFormation ResourceId as an alias fan-out, 9 levels × 10', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(1);
    const lines = text.split('\n');
    // Lambda function URLs echo the request's origin for '*' when credentials are allowed.
    expectFindings(run, file, [{ ruleId: 'no-reflected-origin-with-credentials', line: lines.length - 1, column: 24 }]);
  });

  it('an ApisixRoute cors plugin listed 400 times in a route listed 400 times by alias is one plugin', async () => {
    const file = scratch.write('apisix-route-fan-out/route.yaml', apisixRouteAliasFanOut(400));
    const run = await runCli(['--format', 'json', file], { killAfterMs: 15_000 });
    report('ApisixRoute http × plugins, one alias each, 400 × 400', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(1);
    // The defaults (every method and header as '*') at `name: cors`; `**` echoes any origin.
    expectFindings(run, file, [
      { ruleId: 'no-wildcard-lists-with-credentials', line: 7, column: 7 },
      { ruleId: 'no-wildcard-lists-with-credentials', line: 7, column: 7 },
      { ruleId: 'no-reflected-origin-with-credentials', line: 7, column: 58 },
    ]);
  });

  it('an Amplify rule listed 200 times in an application listed 200 times by alias is one rule', async () => {
    const file = scratch.write('amplify-fan-out/customHttp.yml', amplifyAliasFanOut(200));
    const run = await runCli(['--format', 'json', file], { killAfterMs: 15_000 });
    report('Amplify applications × customHeaders × headers, one alias each, 200 × 200 × 200', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(1);
    expectFindings(run, file, [{ ruleId: 'no-wildcard-origin-with-credentials', line: 3, column: 56 }]);
  });

  it('a Contour service setting CORS headers, listed 300 times in a route listed 300 times by alias, is read once', async () => {
    const file = scratch.write('contour-fan-out/proxy.yaml', contourAliasFanOut(300));
    const run = await runCli(['--format', 'json', file], { killAfterMs: 15_000 });
    report('Contour HTTPProxy routes × services, one alias each, 300 × 300', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(1);
    expectFindings(run, file, [{ ruleId: 'no-wildcard-origin-with-credentials', line: 7, column: 51 }]);
  });

  it('an Istio route listed 130,000 times by alias (1 MB) is one route', async () => {
    const file = scratch.write('istio-alias-list/virtual-service.yaml', istioAliasList(130_000));
    const run = await runCli(['--format', 'json', file], { killAfterMs: 15_000 });
    report('Istio http list of 130,000 aliases to one route', run, summarize(run));
    expectWellBehaved(run, { cpuMs: 3000, peakRssMiB: 250 });
    expect(run.exitCode).toBe(1);
    // The policy leaves out Vary: Origin (at corsPolicy); `.*` with credentials echoes any origin.
    expectFindings(run, file, [
      { ruleId: 'require-vary-origin', line: 6, column: 76 },
      { ruleId: 'no-reflected-origin-with-credentials', line: 6, column: 100 },
    ]);
  });

  it.each(Object.entries(selfReferencingAliases))('a self-referencing alias (%s) is a positioned error', async (label, text) => {
    const file = scratch.write(`self/${label.replaceAll(' ', '-')}.yaml`, text);
    const aliasOffset = text.indexOf('*');
    const before = text.slice(0, aliasOffset).split('\n');
    const run = await runCli(['--format', 'json', file]);
    report(`recursive alias: ${label}`, run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(2);
    expectReadError(run, file, {
      line: before.length,
      column: (before.at(-1)?.length ?? 0) + 1,
      message: /^Parsing error: alias \*\w+ refers to a node that contains it$/,
    });
  });

  it('an alias to an anchor that was never defined is a positioned error', async () => {
    const file = scratch.write('self/undefined-anchor.yaml', kongPlugin({ configExtra: '  headers: *nowhere' }));
    const run = await runCli(['--format', 'json', file]);
    report('alias to an undefined anchor', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(2);
    expectReadError(run, file, { line: 9, column: 12, message: /unknown anchor \*nowhere/ });
  });
});

describe.concurrent('deep nesting', () => {
  const cases: [string, string, string, { line: number; column: number }][] = [
    // `headers:` is at depth 2 and its value starts at column 12 (block: column 5 of the next line), so
    // the 255th collection opened there is the first beyond the depth limit of 256.
    ['10,000 nested flow sequences', 'deep/flow-seq.yaml', deepFlowSequence(10_000), { line: 9, column: 12 + 254 }],
    // js-yaml notices the mapping's depth at the key inside it.
    ['10,000 nested flow mappings', 'deep/flow-map.yaml', deepFlowMapping(10_000), { line: 9, column: 12 + 253 * 4 + 1 }],
    ['10,000 nested block sequences', 'deep/block-seq.yaml', deepBlockSequence(10_000), { line: 10, column: 5 + 254 * 2 }],
  ];
  it.each(cases)('%s stop at the depth limit with a positioned error', async (label, name, text, position) => {
    const file = scratch.write(name, text);
    const run = await runCli(['--format', 'json', file]);
    report(label, run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(2);
    expectReadError(run, file, { ...position, message: /nest/i });
  });

  it('10,000 nested JSON objects stop at the depth limit with a positioned error', async () => {
    const text = deepJson(10_000);
    const file = scratch.write('deep/template.json', text);
    const run = await runCli(['--format', 'json', file]);
    report('10,000 nested JSON objects', run, summarize(run));
    expectWellBehaved(run, SMALL);
    expect(run.exitCode).toBe(2);
    // `{"Resources": {"Deep": ` is 23 characters and each level adds `{"a": `: the object at depth 256
    // (the limit) is the 255th of them.
    expectReadError(run, file, { line: 1, column: 24 + 254 * 6, message: /nest/i });
  });
});

/**
 * The two 100,000-key cases parse megabytes into positioned trees; their bound is 2 s of CPU for that
 * work on top of the CLI's own start-up, measured in the same run (about 0.7 s here), since start-up
 * plus garbage-collector threads put them right at 2 s of process CPU even on an idle machine.
 */
function startupCpu(): Promise<number> {
  return cliStartupCpuMs(scratch.write('size/one-line.yaml', 'kind: ConfigMap\n'));
}

describe('size', () => {
  it('a 50 MB multi-document stream finishes in time with findings or a clear error', async () => {
    const text = largeIngressStream(50 * 1024 * 1024);
    const file = scratch.write('large/rendered-manifests.yaml', text);
    const run = await runCli(['--format', 'json', file]);
    report(`50 MB stream (${(text.length / 1024 / 1024).toFixed(1)} MiB)`, run, summarize(run));
    expectWellBehaved(run, { cpuMs: 2000, peakRssMiB: 400 });
    expect(run.exitCode).toBe(2);
    expectReadError(run, file, { line: 1, column: 1, message: /^File is 50.0 MiB, larger than the \d+ MiB corsguard reads$/ });
  });

  it('50 MB on standard input (helm template … | corsguard -) gets the same clear error', async () => {
    const text = largeIngressStream(50 * 1024 * 1024);
    const run = await runCli(['--format', 'json', '-'], { input: text });
    report('50 MB stream on standard input', run, summarize(run));
    expectWellBehaved(run, { cpuMs: 2000, peakRssMiB: 400 });
    expect(run.exitCode).toBe(2);
    expectReadError(run, '<stdin>', { line: 1, column: 1, message: /^Input is larger than the \d+ MiB corsguard reads$/ });
  });

  it('100,000 keys in one mapping are read in time, and the CORS annotation after them still counts', async () => {
    const text = manyAnnotationKeys(100_000);
    const file = scratch.write('large/ingress.yaml', text);
    const run = await runCliBestOf2(['--format', 'json', file]);
    report('100,000 keys in one YAML mapping', run, summarize(run));
    expectWellBehaved(run, { cpuMs: 2000 + (await startupCpu()), peakRssMiB: 400 });
    expect(run.exitCode).toBe(1);
    // ingress-nginx defaults: origin `*` with credentials on, and a 20-day max-age; both blamed on enable-cors.
    expectFindings(run, file, [
      { ruleId: 'no-wildcard-origin-with-credentials', line: 8, column: 5 },
      { ruleId: 'max-age-within-browser-cap', line: 8, column: 5 },
    ]);
  });

  it('100,000 keys in one JSON object are read in time, and the CORS block after them still counts', async () => {
    const text = manyKeysJson(100_000);
    const file = scratch.write('large/template.json', text);
    const corsLine = text.split('\n').findIndex((line) => line.includes('"Cors"')) + 1;
    const run = await runCliBestOf2(['--format', 'json', file]);
    report('100,000 keys in one JSON object', run, summarize(run));
    expectWellBehaved(run, { cpuMs: 2000 + (await startupCpu()), peakRssMiB: 400 });
    expect(run.exitCode).toBe(1);
    expectFindings(run, file, [{ ruleId: 'no-reflected-origin-with-credentials', line: corsLine, column: 36 }]);
  });
});
