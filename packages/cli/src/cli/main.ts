import { readFileSync } from 'node:fs';
import { HELP, parseOptions, type ParsedOptions } from './options.js';

/**
 * The `corsguard` command. Only argument parsing is loaded up front: `--version` and `--help` answer
 * without loading the rules, the parsers, ajv or any formatter, which keeps start-up close to bare node.
 */

/** The limit standard input is read up to, for the `corsguard` command that feeds it to `run`. */
export { MAX_FILE_BYTES } from '../document/read.js';

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_FATAL = 2;

export interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<Uint8Array>;
  /** Whether standard output is a terminal that wants colour. */
  colorDefault: boolean;
}

class UsageError extends Error {}

const DIRECTIVE_SEVERITIES = new Map<string, 'off' | 'warn' | 'error'>([
  ['off', 'off'],
  ['warn', 'warn'],
  ['error', 'error'],
  ['0', 'off'],
  ['1', 'warn'],
  ['2', 'error'],
]);

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function run(args: readonly string[], io: Io): Promise<number> {
  let options: ParsedOptions;
  try {
    options = parseOptions(args);
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  const { values } = options;
  if (values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (values.version) {
    io.stdout(`v${version()}\n`);
    return EXIT_OK;
  }
  try {
    return await lint(options, io);
  } catch (error) {
    if (error instanceof UsageError) return usage(io, error.message);
    const { ConfigError } = await import('../config/load.js');
    if (error instanceof ConfigError) {
      io.stderr(`corsguard: ${error.message}\n`);
      return EXIT_FATAL;
    }
    io.stderr(`corsguard: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (values.debug && error instanceof Error && error.stack !== undefined) io.stderr(`${error.stack}\n`);
    return EXIT_FATAL;
  }
}

function usage(io: Io, message: string): number {
  io.stderr(`corsguard: ${message}\nRun "corsguard --help" for usage.\n`);
  return EXIT_FATAL;
}

async function lint({ values, positionals }: ParsedOptions, io: Io): Promise<number> {
  const debug = values.debug ? (message: string) => io.stderr(`corsguard:debug ${message}\n`) : undefined;

  const { isFormatName, FORMAT_NAMES } = await import('../format/formatter.js');
  if (!isFormatName(values.format)) throw new UsageError(`unknown format "${values.format}"; use one of ${FORMAT_NAMES.join(', ')}`);
  const maxWarnings = Number(values['max-warnings']);
  // As in ESLint, any negative number (the default -1) sets no limit.
  if (!/^\s*-?\d+\s*$/.test(values['max-warnings']) || !Number.isSafeInteger(maxWarnings)) {
    throw new UsageError(`--max-warnings needs a whole number, got "${values['max-warnings']}"`);
  }
  const concurrency = parseConcurrency(values.concurrency);
  const unusedSeverityText = values['report-unused-disable-directives-severity'];
  // ESLint's spellings: a name or its number.
  const unusedSeverity = unusedSeverityText === undefined ? undefined : DIRECTIVE_SEVERITIES.get(unusedSeverityText);
  if (unusedSeverityText !== undefined && unusedSeverity === undefined) {
    throw new UsageError(`--report-unused-disable-directives-severity needs off, warn, error, 0, 1 or 2, got "${unusedSeverityText}"`);
  }
  if (unusedSeverity !== undefined && values['report-unused-disable-directives']) {
    throw new UsageError('--report-unused-disable-directives and --report-unused-disable-directives-severity cannot be used together');
  }
  const readsStdin = positionals.includes('-');
  if (readsStdin && positionals.length > 1) throw new UsageError('"-" (standard input) cannot be combined with other paths');

  const { loadConfig, resolveConfig, applyRuleOverrides } = await import('../config/load.js');
  let config = values['no-config-lookup'] && values.config === undefined ? resolveConfig({}, undefined) : await loadConfig(io.cwd, values.config);
  config = applyRuleOverrides(config, values.rule);
  if (values['report-unused-disable-directives']) config = { ...config, reportUnusedDisableDirectives: 'error' };
  if (unusedSeverity !== undefined) config = { ...config, reportUnusedDisableDirectives: unusedSeverity };
  debug?.(`config: ${config.configFile ?? 'none found, using the recommended rules'}`);
  const spec = { rules: config.rules, adapterModules: config.adapters, reportUnusedDisableDirectives: config.reportUnusedDisableDirectives };

  if (values['print-config']) {
    const { buildSetup } = await import('../lint/setup.js');
    const setup = await buildSetup(spec);
    const printed = {
      configFile: config.configFile ?? null,
      preset: config.preset,
      rules: config.rules,
      ignorePatterns: config.ignorePatterns.map(({ pattern }) => pattern),
      adapters: setup.adapters.map(({ name, description }) => ({ name, description })),
      reportUnusedDisableDirectives: config.reportUnusedDisableDirectives,
    };
    io.stdout(`${JSON.stringify(printed, null, 2)}\n`);
    return EXIT_OK;
  }

  const { resolve } = await import('node:path');
  type Outcome = import('../lint/lint-text.js').FileOutcome;
  let outcomes: Outcome[];
  let labels: string[];
  const ignoring = !values['no-ignore'];
  const ignorePatterns = ignoring
    ? [...config.ignorePatterns, ...values['ignore-pattern'].map((pattern) => ({ pattern, base: io.cwd }))]
    : [];
  const stdinName = values['stdin-filename'];
  const stdinPath = stdinName === undefined ? '<stdin>' : resolve(io.cwd, stdinName);
  const { discoverFiles, isIgnoredFile } = await import('../discover.js');
  if (readsStdin && stdinName !== undefined && isIgnoredFile(stdinPath, ignorePatterns)) {
    // As a file named on the command line: an ignored name is skipped, so a pipeline over many
    // rendered files honours the same ignore patterns as a walk.
    outcomes = [{ kind: 'skipped', reason: 'matches an ignore pattern' }];
    labels = [stdinPath];
  } else if (readsStdin) {
    const [{ decodeConfigBytes, encodingFor }, { lintText, fatalResult }, { buildSetup }] = await Promise.all([
      import('../document/read.js'),
      import('../lint/lint-text.js'),
      import('../lint/setup.js'),
    ]);
    const setup = await buildSetup(spec);
    const read = decodeConfigBytes(await io.readStdin(), encodingFor(stdinPath));
    outcomes = [
      read.kind === 'text'
        ? lintText(stdinPath, read.text, setup)
        : read.kind === 'binary'
          ? { kind: 'skipped', reason: read.reason }
          : { kind: 'linted', result: fatalResult(stdinPath, [read.error], undefined), detail: 'cannot be read' },
    ];
    labels = [stdinPath];
  } else {
    const discovery = discoverFiles(positionals.length === 0 ? ['.'] : positionals, {
      cwd: io.cwd,
      ignorePatterns,
      gitignore: ignoring,
      ...(debug === undefined ? {} : { debug }),
    });
    if (discovery.unmatched.length > 0 || discovery.allIgnored.length > 0) {
      const lines = [
        ...discovery.unmatched.map((pattern) => `corsguard: No files matching the pattern "${pattern}" were found.\n`),
        ...discovery.allIgnored.map(
          (pattern) => `corsguard: All files matching the pattern "${pattern}" are ignored (by .gitignore or an ignore pattern; --no-ignore lints them).\n`,
        ),
      ];
      io.stderr(lines.join(''));
      return EXIT_FATAL;
    }
    const { autoThreads, lintPaths } = await import('../lint/run.js');
    const threads = concurrency === 'auto' ? autoThreads(discovery.files.length) : concurrency;
    debug?.(`${discovery.files.length} candidate files, ${threads > 1 ? `${threads} threads` : 'main thread only'}`);
    outcomes = await lintPaths(discovery.files, spec, threads);
    labels = discovery.files;
  }

  const { onlyErrors } = await import('../lint/result.js');
  const results = [];
  // The exit code counts every problem, as ESLint's does: --quiet hides warnings from the report, but
  // they still count against --max-warnings.
  let errors = 0;
  let warnings = 0;
  let fatal = 0;
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.kind === 'skipped') {
      debug?.(`${labels[index]}: skipped, ${outcome.reason}`);
      continue;
    }
    debug?.(`${labels[index]}: linted (${outcome.detail})`);
    errors += outcome.result.errorCount;
    warnings += outcome.result.warningCount;
    fatal += outcome.result.fatalErrorCount;
    if (!values.quiet) {
      results.push(outcome.result);
      continue;
    }
    // --quiet drops warnings after the rules ran, so a finding a rule escalates to an error still counts;
    // as ESLint's getErrorResults, it leaves out the files left with no error, and suppressed warnings.
    const errorsOnly = onlyErrors(outcome.result);
    if (errorsOnly.messages.length === 0) continue;
    results.push({ ...errorsOnly, suppressedMessages: errorsOnly.suppressedMessages.filter((message) => message.severity === 2) });
  }

  const [{ loadFormatter }, { rules, docsUrl }] = await Promise.all([import('../format/formatter.js'), import('@corsguard/core')]);
  const formatter = await loadFormatter(values.format);
  const outputFile = values['output-file'];
  const color = values['no-color'] ? false : (values.color ?? (outputFile === undefined && io.colorDefault));
  const report = formatter(results, {
    cwd: io.cwd,
    color,
    version: version(),
    rulesMeta: Object.fromEntries(rules.map((rule) => [rule.id, { description: rule.description, type: rule.type, docsUrl: docsUrl(rule.id) }])),
  });
  if (outputFile === undefined) {
    io.stdout(report);
  } else {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    const target = resolve(io.cwd, outputFile);
    try {
      try {
        writeFileSync(target, report);
      } catch (error) {
        // A missing folder is created, as ESLint does; any other failure (a file where a folder
        // should be: ENOTDIR, a folder named as the file: EISDIR) is reported as it is.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, report);
      }
    } catch (error) {
      io.stderr(`corsguard: cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
      return EXIT_FATAL;
    }
  }

  if (fatal > 0) return EXIT_FATAL;
  if (errors > 0) return EXIT_PROBLEMS;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    io.stderr(`corsguard found too many warnings (maximum: ${maxWarnings}).\n`);
    return EXIT_PROBLEMS;
  }
  return EXIT_OK;
}

function parseConcurrency(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  if (value === 'off') return 1;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new UsageError(`--concurrency needs a number from 1 to 64, auto or off, got "${value}"`);
  return count;
}
