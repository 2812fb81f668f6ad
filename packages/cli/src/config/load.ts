import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { recommendedRules, rules as allRules, strictRules, type RuleConfig, type RuleSetting, type Severity } from '@corsguard/core';
import type { IgnorePattern } from '../discover.js';
import type { DocNode } from '../document/node.js';
import { MAX_DEPTH, parseConfigText } from '../document/parse.js';
import { configSchema, PRESETS, SEVERITIES } from './schema.js';

/** Config file names, looked for in this order in the working directory and then each parent. */
export const CONFIG_FILE_NAMES = [
  'corsguard.config.json',
  'corsguard.config.yaml',
  'corsguard.config.yml',
  '.corsguardrc',
  '.corsguardrc.json',
  '.corsguardrc.yaml',
  '.corsguardrc.yml',
] as const;

export interface ResolvedConfig {
  /** The file the settings came from; undefined when none was found. */
  configFile: string | undefined;
  preset: (typeof PRESETS)[number];
  /** Every rule's effective setting, severities spelled out. */
  rules: RuleConfig;
  ignorePatterns: IgnorePattern[];
  /** Module URLs of user adapters, resolved against the config file's directory. */
  adapters: string[];
  reportUnusedDisableDirectives: Severity;
}

/** A config problem: exit code 2, message printed as is. */
export class ConfigError extends Error {}

interface RawConfig {
  preset?: (typeof PRESETS)[number];
  rules?: Record<string, RawSetting>;
  ignorePatterns?: string[];
  adapters?: string[];
  reportUnusedDisableDirectives?: RawSeverity | boolean;
}

type RawSeverity = (typeof SEVERITIES)[number];
type RawSetting = RawSeverity | [RawSeverity] | [RawSeverity, Record<string, unknown>];

export function findConfigFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** Read, validate and resolve the config: `explicitPath` (`--config`) or the one found upward from `cwd`. */
export async function loadConfig(cwd: string, explicitPath: string | undefined): Promise<ResolvedConfig> {
  const configFile = explicitPath === undefined ? findConfigFile(cwd) : resolve(cwd, explicitPath);
  if (configFile === undefined) return resolveConfig({}, undefined);
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${configFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const raw = await validateConfig(readConfigValue(configFile, text), configFile);
  return resolveConfig(raw, configFile);
}

function readConfigValue(configFile: string, text: string): unknown {
  const parsed = parseConfigText(configFile, text);
  // A `--config corsguard.config.js` (an ESLint habit) is not read at all: say so rather than lint with no config.
  if (parsed.notRead !== undefined) throw new ConfigError(`${configFile}: a config file is JSON or YAML, not ${extname(configFile)}`);
  // A JSON config may hold comments and trailing commas (JSONC, as tsconfig.json and .eslintrc.json do):
  // the parser keeps those as `nonStandard`, which a config file does not need to be free of.
  const error = parsed.errors[0];
  if (error !== undefined) throw new ConfigError(`${configFile}:${error.line}:${error.column}: ${error.message}`);
  if (parsed.documents.length > 1) throw new ConfigError(`${configFile}: a config file holds one document`);
  const root = parsed.documents[0]?.root;
  if (root === undefined) return {};
  return toPlain(root, configFile, new Map(), 0);
}

/** A document as plain data. Keys become own properties (never prototypes); shared nodes convert once. */
function toPlain(node: DocNode, file: string, done: Map<DocNode, unknown>, depth: number): unknown {
  const cached = done.get(node);
  if (cached !== undefined) return cached;
  if (depth > MAX_DEPTH) throw new ConfigError(`${file}: nested too deeply`);
  let value: unknown;
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'dynamic':
      throw new ConfigError(`${file}:${node.loc.line}:${node.loc.column}: tag ${node.tag} is not allowed in a config file`);
    case 'seq':
      value = node.items.map((item) => toPlain(item, file, done, depth + 1));
      break;
    case 'map': {
      const object: Record<string, unknown> = {};
      for (const entry of node.entries) {
        Object.defineProperty(object, String(entry.key.value), {
          value: toPlain(entry.value, file, done, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      value = object;
      break;
    }
  }
  done.set(node, value);
  return value;
}

async function validateConfig(value: unknown, configFile: string): Promise<RawConfig> {
  // ajv is loaded only when there is a config file to check: it costs more start-up time than the rest of the CLI.
  const { Ajv } = await import('ajv');
  const ajv = new Ajv({ allErrors: false, strict: false, verbose: true });
  const validate = ajv.compile(configSchema(allRules));
  if (!validate(value)) throw new ConfigError(`${configFile}: ${describeAjvError(validate.errors ?? [])}`);
  const config = value as RawConfig;
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    if (!Array.isArray(setting) || setting.length < 2) continue;
    const rule = allRules.find((candidate) => candidate.id === id);
    if (rule === undefined) continue;
    const validateOptions = ajv.compile(rule.optionsSchema);
    if (!validateOptions(setting[1])) {
      throw new ConfigError(`${configFile}: ${describeAjvError(validateOptions.errors ?? [], `/rules/${id}/1`)}`);
    }
  }
  return config;
}

interface AjvErrorLike {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
  propertyName?: string;
  /** The offending value (ajv's `verbose` option). */
  data?: unknown;
}

/**
 * The most specific of ajv's errors, as `path: what is wrong`. Of the alternatives of an `anyOf`, the
 * ones that fail only because the value has another type say least, so they go last.
 */
export function describeAjvError(errors: readonly AjvErrorLike[], prefix = ''): string {
  const rank = (error: AjvErrorLike): number => {
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') return 0;
    if (error.keyword === 'type') return 1;
    if (error.keyword === 'enum' && typeof error.data === 'object' && error.data !== null) return 1;
    return 2;
  };
  const error = errors.reduce<AjvErrorLike | undefined>((best, current) => {
    if (best === undefined) return current;
    const byRank = rank(current) - rank(best);
    if (byRank !== 0) return byRank > 0 ? current : best;
    return current.instancePath.length > best.instancePath.length ? current : best;
  }, undefined);
  if (error === undefined) return 'invalid config';
  const path = `${prefix}${error.instancePath}`;
  if (error.keyword === 'additionalProperties') {
    return `${path}/${String(error.params.additionalProperty)}: unknown key "${String(error.params.additionalProperty)}"`;
  }
  if (error.propertyName !== undefined) return `${path}/${error.propertyName}: unknown rule "${error.propertyName}"`;
  const allowed = error.keyword === 'enum' ? `: ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` : '';
  return `${path === '' ? '(root)' : path}: ${error.message ?? 'is invalid'}${allowed}`;
}

function severityOf(raw: RawSeverity): Severity {
  if (raw === 0) return 'off';
  if (raw === 1) return 'warn';
  if (raw === 2) return 'error';
  return raw;
}

export function resolveConfig(raw: RawConfig, configFile: string | undefined): ResolvedConfig {
  const preset = raw.preset ?? 'recommended';
  const base: RuleConfig = preset === 'strict' ? strictRules : preset === 'recommended' ? recommendedRules : {};
  const rules: RuleConfig = {};
  for (const rule of allRules) {
    const setting: RuleSetting | undefined = base[rule.id];
    rules[rule.id] = setting ?? 'off';
  }
  for (const [id, setting] of Object.entries(raw.rules ?? {})) {
    rules[id] = Array.isArray(setting)
      ? setting.length === 2
        ? [severityOf(setting[0]), setting[1] as Record<string, unknown>]
        : [severityOf(setting[0])]
      : severityOf(setting);
  }
  const configDir = configFile === undefined ? undefined : dirname(configFile);
  const unused = raw.reportUnusedDisableDirectives;
  return {
    configFile,
    preset,
    rules,
    ignorePatterns: configDir === undefined ? [] : (raw.ignorePatterns ?? []).map((pattern) => ({ pattern, base: configDir })),
    adapters: configDir === undefined ? [] : (raw.adapters ?? []).map((specifier) => resolveModule(specifier, configDir)),
    // As ESLint reads linterOptions.reportUnusedDisableDirectives: true is warn, false off.
    reportUnusedDisableDirectives: unused === true || unused === undefined ? 'warn' : unused === false ? 'off' : severityOf(unused),
  };
}

/** A module specifier from the config file as a URL: paths relative to the file, packages from its directory. */
function resolveModule(specifier: string, configDir: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) return pathToFileURL(resolve(configDir, specifier)).href;
  try {
    return pathToFileURL(createRequire(join(configDir, 'corsguard.config.js')).resolve(specifier)).href;
  } catch {
    throw new ConfigError(`Cannot find adapter module "${specifier}" from ${configDir}`);
  }
}

/** Apply `--rule id:severity` overrides, keeping configured options. */
export function applyRuleOverrides(config: ResolvedConfig, overrides: readonly string[]): ResolvedConfig {
  const rules = { ...config.rules };
  for (const override of overrides) {
    const match = /^\s*([\w/@.-]+)\s*:\s*(off|warn|error|0|1|2)\s*$/.exec(override);
    if (match === null) throw new ConfigError(`Invalid --rule "${override}": expected <rule-id>:off|warn|error`);
    const [, id = '', severityText = ''] = match;
    if (!Object.hasOwn(rules, id)) throw new ConfigError(`Invalid --rule "${override}": unknown rule "${id}"`);
    const severity = severityOf(/^\d$/.test(severityText) ? (Number(severityText) as RawSeverity) : (severityText as Severity));
    const current = rules[id];
    rules[id] = Array.isArray(current) && current.length === 2 ? [severity, current[1]] : severity;
  }
  return { ...config, rules };
}
