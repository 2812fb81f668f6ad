#!/usr/bin/env node
/**
 * CLI benchmark (issue 4, "Measured").
 *
 * 1. Generates a corpus of a few thousand mixed configs (tens of MB) into .bench-corpus/cli/: CloudFormation
 *    and SAM templates in YAML and JSON, Kubernetes streams with ingress-nginx Ingresses, Istio
 *    VirtualServices, decK files, Serverless services, OpenAPI documents, Terraform plans, and files no
 *    adapter reads (Compose files, workflows, package manifests). Deterministic: the same corpus every run.
 * 2. Times `corsguard` over the corpus against a node process that reads every file and parses it with
 *    the same parsers (js-yaml's parseEvents, momoa), and against js-yaml's full `loadAll` for scale.
 *    Each is a fresh process, timed wall-clock; the ratio is of medians. Target: ≤ 1.5×.
 * 3. Times the cold start of `corsguard --version` against `node -e 0`. Target: ≤ 2×.
 *
 * Usage: node scripts/bench-cli.js [--files N] [--runs N] [--regenerate]   (build first: pnpm build)
 */
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Its own folder under the git-ignored .bench-corpus/, which the ESLint plugin's benchmark also uses.
const corpus = join(root, '.bench-corpus', 'cli');
const report = join(tmpdir(), `corsguard-bench-report-${process.pid}.json`);
const cli = join(root, 'packages/cli/bin/corsguard.js');
const cliPackage = join(root, 'packages/cli');

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '3000' },
    runs: { type: 'string', default: '5' },
    regenerate: { type: 'boolean', default: false },
  },
});
const fileCount = Number(values.files);
const runs = Number(values.runs);

if (!existsSync(join(root, 'packages/cli/dist/cli/main.js'))) {
  console.error('packages/cli/dist is missing: run `pnpm build` first');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Corpus
// ---------------------------------------------------------------------------------------------

/** Small seeded PRNG (mulberry32) so the corpus is the same on every machine. */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(4);
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (low, high) => low + Math.floor(random() * (high - low + 1));

const ORIGINS = ['https://app.example.com', 'https://admin.example.com', '*', 'http://partner.example.net', 'https://*.example.org', 'null'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

function cloudFormationYaml(index) {
  const resources = [];
  for (let i = 0; i < between(20, 70); i++) {
    resources.push(
      `  Function${i}:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: !Sub "\${AWS::StackName}-fn-${i}"\n      Runtime: nodejs20.x\n      Handler: index.handler\n      Role: !GetAtt Role${i}.Arn\n      MemorySize: ${pick([128, 256, 512, 1024])}\n      Timeout: ${between(3, 30)}\n      Environment:\n        Variables:\n          TABLE: !Ref Table\n          STAGE: prod\n          LOG_LEVEL: info\n      Tags:\n        - Key: team\n          Value: team-${i % 7}\n  Role${i}:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n`,
    );
  }
  const credentials = random() < 0.5;
  resources.push(
    `  HttpApi:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: api-${index}\n      ProtocolType: HTTP\n      CorsConfiguration:\n        AllowOrigins:\n          - ${JSON.stringify(pick(ORIGINS))}\n          - https://www.example.com\n        AllowMethods: [${[pick(METHODS), pick(METHODS)].join(', ')}]\n        AllowHeaders: [content-type, authorization]\n        AllowCredentials: ${credentials}\n        MaxAge: ${pick([600, 3600, 86400])}\n  FunctionUrl:\n    Type: AWS::Lambda::Url\n    Properties:\n      TargetFunctionArn: !GetAtt Function0.Arn\n      AuthType: AWS_IAM\n      Cors:\n        AllowOrigins: [${JSON.stringify(pick(ORIGINS))}]\n        AllowMethods: ["*"]\n`,
  );
  return `AWSTemplateFormatVersion: "2010-09-09"\nDescription: Service ${index}\nParameters:\n  Stage:\n    Type: String\n    Default: prod\nResources:\n${resources.join('')}Outputs:\n  ApiUrl:\n    Value: !GetAtt HttpApi.ApiEndpoint\n`;
}

function cloudFormationJson(index) {
  const resources = {};
  for (let i = 0; i < between(20, 60); i++) {
    resources[`Bucket${i}`] = {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketName: { 'Fn::Sub': `\${AWS::StackName}-assets-${i}` },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        Tags: [{ Key: 'index', Value: String(i) }],
        ...(i % 5 === 0
          ? {
              CorsConfiguration: {
                CorsRules: [
                  { AllowedOrigins: [pick(ORIGINS)], AllowedMethods: ['GET', 'HEAD'], AllowedHeaders: ['*'], MaxAge: pick([300, 3000, 90000]) },
                ],
              },
            }
          : {}),
      },
    };
  }
  return JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Description: `Assets ${index}`, Resources: resources }, null, 2);
}

function kubernetesStream(index) {
  const documents = [];
  for (let i = 0; i < between(3, 10); i++) {
    documents.push(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-${index}-${i}\n  labels: { app: svc-${i} }\nspec:\n  replicas: ${between(1, 5)}\n  selector:\n    matchLabels: { app: svc-${i} }\n  template:\n    metadata:\n      labels: { app: svc-${i} }\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/svc-${i}:1.${i}.0\n          ports: [{ containerPort: 8080 }]\n          resources:\n            limits: { cpu: 500m, memory: 256Mi }\n          env:\n            - name: MODE\n              value: production\n`,
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${index}-${i}\nspec:\n  selector: { app: svc-${i} }\n  ports:\n    - port: 80\n      targetPort: 8080\n`,
      `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: svc-${index}-${i}\n  annotations:\n    nginx.ingress.kubernetes.io/enable-cors: "true"\n    nginx.ingress.kubernetes.io/cors-allow-origin: "${pick(ORIGINS)}"\n    nginx.ingress.kubernetes.io/cors-allow-credentials: "${random() < 0.5}"\n    nginx.ingress.kubernetes.io/cors-max-age: "${pick([600, 1728000])}"\nspec:\n  ingressClassName: nginx\n  rules:\n    - host: svc-${i}.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service: { name: svc-${index}-${i}, port: { number: 80 } }\n`,
    );
  }
  return documents.join('---\n');
}

function istio(index) {
  return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs-${index}\nspec:\n  hosts: [api-${index}.example.com]\n  gateways: [mesh]\n  http:\n${Array.from({ length: between(2, 8) }, (_, i) => `    - match:\n        - uri: { prefix: /v${i} }\n      route:\n        - destination: { host: svc-${i}, port: { number: 8080 } }\n      corsPolicy:\n        allowOrigins:\n          - exact: ${JSON.stringify(pick(ORIGINS))}\n          - regex: "https://.*\\\\.example\\\\.com"\n        allowMethods: [GET, POST]\n        allowCredentials: ${random() < 0.5}\n        maxAge: "24h"\n`).join('')}`;
}

function kong(index) {
  const services = Array.from(
    { length: between(5, 20) },
    (_, i) => `  - name: svc-${index}-${i}\n    url: http://svc-${i}.internal:8080\n    routes:\n      - name: route-${i}\n        paths: [/svc-${i}]\n    plugins:\n      - name: cors\n        config:\n          origins: [${JSON.stringify(pick(ORIGINS))}]\n          credentials: ${random() < 0.5}\n          max_age: 3600\n      - name: rate-limiting\n        config: { minute: 100, policy: local }\n`,
  );
  return `_format_version: "3.0"\nservices:\n${services.join('')}`;
}

function serverless(index) {
  const functions = Array.from(
    { length: between(5, 25) },
    (_, i) => `  fn${i}:\n    handler: src/fn${i}.handler\n    events:\n      - http:\n          path: /items/${i}\n          method: ${pick(['get', 'post', 'put'])}\n          cors: ${random() < 0.5 ? 'true' : `\n            origin: "${pick(ORIGINS)}"\n            allowCredentials: true`}\n`,
  );
  return `service: svc-${index}\nframeworkVersion: "3"\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  region: eu-west-1\nfunctions:\n${functions.join('')}`;
}

function openapi(index) {
  const paths = {};
  for (let i = 0; i < between(10, 40); i++) {
    paths[`/items/${i}`] = {
      get: { operationId: `get${i}`, responses: { 200: { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: 'arn' } },
      put: { operationId: `put${i}`, responses: { 204: { description: 'done' } }, 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: 'arn' } },
    };
  }
  return JSON.stringify({ openapi: '3.0.1', info: { title: `api ${index}`, version: '1' }, 'x-amazon-apigateway-cors': { allowOrigins: [pick(ORIGINS)], allowCredentials: random() < 0.5 }, paths }, null, 2);
}

function terraformPlan(index) {
  const resources = Array.from({ length: between(200, 600) }, (_, i) => ({
    address: `aws_s3_bucket.b${i}`,
    mode: 'managed',
    type: 'aws_s3_bucket',
    name: `b${i}`,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    schema_version: 0,
    values: { bucket: `bucket-${index}-${i}`, force_destroy: false, tags: { team: `t${i % 9}` } },
  }));
  resources.push({
    address: 'aws_apigatewayv2_api.api',
    mode: 'managed',
    type: 'aws_apigatewayv2_api',
    name: 'api',
    values: { name: 'api', protocol_type: 'HTTP', cors_configuration: [{ allow_origins: [pick(ORIGINS)], allow_credentials: true, max_age: 600 }] },
  });
  return JSON.stringify({ format_version: '1.2', terraform_version: '1.9.0', planned_values: { root_module: { resources } } }, null, 2);
}

function unrelatedYaml(index) {
  return `name: ci-${index}\non:\n  push:\n    branches: [main]\njobs:\n${Array.from({ length: between(3, 12) }, (_, i) => `  job${i}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test -- --shard=${i}\n`).join('')}`;
}

function unrelatedJson(index) {
  return JSON.stringify({ name: `pkg-${index}`, version: '1.0.0', dependencies: Object.fromEntries(Array.from({ length: between(10, 60) }, (_, i) => [`dep-${i}`, `^${i}.0.0`])) }, null, 2);
}

const KINDS = [
  [cloudFormationYaml, 'cloudformation', 'yaml', 25],
  [cloudFormationJson, 'cloudformation-json', 'json', 10],
  [kubernetesStream, 'kubernetes', 'yaml', 20],
  [istio, 'istio', 'yaml', 8],
  [kong, 'kong', 'yaml', 8],
  [serverless, 'serverless', 'yml', 8],
  [openapi, 'openapi', 'json', 6],
  [terraformPlan, 'terraform', 'json', 1],
  [unrelatedYaml, 'workflows', 'yaml', 8],
  [unrelatedJson, 'packages', 'json', 6],
];

function generateCorpus() {
  rmSync(corpus, { recursive: true, force: true });
  const weights = KINDS.reduce((sum, kind) => sum + kind[3], 0);
  let bytes = 0;
  for (let index = 0; index < fileCount; index++) {
    let roll = random() * weights;
    const [generate, folder, extension] = KINDS.find((kind) => (roll -= kind[3]) < 0) ?? KINDS[0];
    const dir = join(corpus, folder, String(Math.floor(index / 100)));
    mkdirSync(dir, { recursive: true });
    const text = generate(index);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(dir, `config-${index}.${extension}`), text);
  }
  writeFileSync(join(corpus, '.count'), String(fileCount));
  return bytes;
}

function corpusFiles() {
  return readdirSync(corpus, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ya?ml|json)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

const countFile = join(corpus, '.count');
if (values.regenerate || !existsSync(countFile) || Number(readFileSync(countFile, 'utf8')) !== fileCount) {
  process.stdout.write(`generating ${fileCount} files into .bench-corpus/cli/ … `);
  const bytes = generateCorpus();
  console.log(`${(bytes / 1024 / 1024).toFixed(1)} MB`);
}

const files = corpusFiles();
const totalBytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
console.log(`corpus: ${files.length} files, ${(totalBytes / 1024 / 1024).toFixed(1)} MB`);

// ---------------------------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------------------------

/** Makes a child print the CPU time of all its threads on exit, so a busy machine's waits can be told apart. */
const CPU_PRELOAD = `--import=data:text/javascript,${encodeURIComponent(
  "process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\ncpu-ms '+(u.userCPUTime+u.systemCPUTime)/1000+'\\n')})",
)}`;

function time(args, options = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: CPU_PRELOAD },
    ...options,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error) throw result.error;
  const cpu = Number(/cpu-ms ([\d.]+)/.exec(result.stderr)?.[1] ?? NaN);
  return { ms, cpu, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Reads and parses every file in one process with the parsers corsguard uses: the work a linter
 * cannot avoid. (js-yaml's own loadAll is no baseline: it throws on CloudFormation's !Ref.)
 */
function baselineScript() {
  const parseYaml = `yaml.parseEvents(text, { maxDepth: 256 })`;
  return `
const { readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const yaml = require('js-yaml');
const { parse } = require('@humanwhocodes/momoa');
const files = readdirSync(${JSON.stringify(corpus)}, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && /\\.(ya?ml|json)$/.test(entry.name))
  .map((entry) => join(entry.parentPath, entry.name))
  .sort();
let parsed = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) parse(text, { mode: 'json' }); else ${parseYaml};
  parsed++;
}
process.stdout.write(String(parsed));
`;
}

const cliArgs = [cli, '--no-config-lookup', '--format', 'json', '-o', report, corpus];
const warm = time(cliArgs);
console.log(`corsguard exit code ${warm.status} (1: findings in the corpus, as intended)`);

const lintRuns = [];
const serialRuns = [];
const parseRuns = [];
for (let run = 0; run < runs; run++) {
  lintRuns.push(time(cliArgs));
  serialRuns.push(time([...cliArgs.slice(0, 1), '--concurrency', 'off', ...cliArgs.slice(1)]));
  const parsed = time(['-e', baselineScript()], { cwd: cliPackage });
  if (parsed.status !== 0 || Number(parsed.stdout) !== files.length) {
    throw new Error(`the parse baseline failed (exit ${parsed.status}, ${parsed.stdout} files parsed):\n${parsed.stderr}`);
  }
  parseRuns.push(parsed);
}
const lint = median(lintRuns.map((run) => run.ms));
const serial = median(serialRuns.map((run) => run.ms));
const events = median(parseRuns.map((run) => run.ms));
const lintCpu = median(lintRuns.map((run) => run.cpu));
const serialCpu = median(serialRuns.map((run) => run.cpu));
const eventsCpu = median(parseRuns.map((run) => run.cpu));

/**
 * Where a lint's time goes, in CPU time of one process over the corpus (third of three rounds, so
 * the JIT is warm): the raw parsers, corsguard's positioned trees, then lint without adapters, with
 * adapters but no rules, and with the recommended rules.
 */
function breakdownScript() {
  const dist = (path) => JSON.stringify(pathToFileURL(join(root, 'packages', path)).href);
  return `
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
const { parseEvents } = createRequire(import.meta.url)('js-yaml');
import { parse } from '@humanwhocodes/momoa';
const { parseConfigText } = await import(${dist('cli/dist/document/parse.js')});
const { buildSetup } = await import(${dist('cli/dist/lint/setup.js')});
const { lintText } = await import(${dist('cli/dist/lint/lint-text.js')});
const { recommendedRules } = await import(${dist('core/dist/index.js')});
const files = readdirSync(${JSON.stringify(corpus)}, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && /\\.(ya?ml|json)$/.test(entry.name))
  .map((entry) => join(entry.parentPath, entry.name)).sort();
const texts = files.map((file) => readFileSync(file, 'utf8'));
const withRules = await buildSetup({ rules: recommendedRules, adapterModules: [], reportUnusedDisableDirectives: 'warn' });
const noRules = { ...withRules, rules: [] };
const noAdapters = { ...noRules, adapters: [] };
const cpu = (fn) => { const start = process.cpuUsage(); fn(); const used = process.cpuUsage(start); return (used.user + used.system) / 1000; };
const phases = {
  'js-yaml parseEvents / momoa': () => texts.forEach((text, i) => (files[i].endsWith('.json') ? parse(text, { mode: 'json' }) : parseEvents(text, { maxDepth: 256 }))),
  'parseConfigText (trees)': () => texts.forEach((text, i) => parseConfigText(files[i], text)),
  'lint, no adapters': () => texts.forEach((text, i) => lintText(files[i], text, noAdapters)),
  'lint, adapters, no rules': () => texts.forEach((text, i) => lintText(files[i], text, noRules)),
  'lint, recommended rules': () => texts.forEach((text, i) => lintText(files[i], text, withRules)),
};
const last = {};
for (let round = 0; round < 3; round++) for (const [name, run] of Object.entries(phases)) last[name] = cpu(run);
process.stdout.write(JSON.stringify(last));
`;
}

const breakdownFile = join(cliPackage, `.bench-breakdown-${process.pid}.mjs`);
writeFileSync(breakdownFile, breakdownScript());
let breakdown;
try {
  const result = time([breakdownFile], { cwd: cliPackage });
  breakdown = JSON.parse(result.stdout || '{}');
} finally {
  rmSync(breakdownFile, { force: true });
}

const startRuns = Math.max(15, runs * 3);
const versionTimes = [];
const nodeTimes = [];
for (let run = 0; run < startRuns; run++) {
  versionTimes.push(time([cli, '--version']).ms);
  nodeTimes.push(time(['-e', '0']).ms);
}
const version = median(versionTimes);
const bare = median(nodeTimes);

const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
console.log('');
console.log(`median of ${runs} runs, wall clock, each a fresh process:`);
console.log(`                                              wall       CPU (all threads)`);
console.log(`  corsguard (--concurrency auto)            ${lint.toFixed(0).padStart(6)} ms  ${lintCpu.toFixed(0).padStart(6)} ms`);
console.log(`  corsguard (--concurrency off)             ${serial.toFixed(0).padStart(6)} ms  ${serialCpu.toFixed(0).padStart(6)} ms`);
console.log(`  read + parse (js-yaml parseEvents, momoa) ${events.toFixed(0).padStart(6)} ms  ${eventsCpu.toFixed(0).padStart(6)} ms`);
console.log(`  lint / parse, wall: ${ratio(lint, events)} (target ≤ 1.5×); one thread ${ratio(serial, events)}. CPU: ${ratio(lintCpu, eventsCpu)}, one thread ${ratio(serialCpu, eventsCpu)}`);
console.log('CPU time in one warm process (where the time goes):');
const rawCpu = breakdown['js-yaml parseEvents / momoa'];
for (const [name, ms] of Object.entries(breakdown)) console.log(`  ${name.padEnd(30)} ${ms.toFixed(0).padStart(6)} ms  ${ratio(ms, rawCpu)}`);
console.log(`cold start, median of ${startRuns}: corsguard --version ${version.toFixed(0)} ms, node -e 0 ${bare.toFixed(0)} ms: ${ratio(version, bare)} (target ≤ 2×)`);
rmSync(report, { force: true });
