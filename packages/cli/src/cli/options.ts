import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Command-line options, spelled as ESLint's where ESLint has the same option. */
export const OPTIONS = {
  format: { type: 'string', short: 'f', default: 'stylish' },
  'output-file': { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  'no-config-lookup': { type: 'boolean', default: false },
  rule: { type: 'string', multiple: true, default: [] },
  'ignore-pattern': { type: 'string', multiple: true, default: [] },
  'no-ignore': { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  'max-warnings': { type: 'string', default: '-1' },
  'report-unused-disable-directives': { type: 'boolean', default: false },
  'report-unused-disable-directives-severity': { type: 'string' },
  'print-config': { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  concurrency: { type: 'string', default: 'auto' },
  'stdin-filename': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean', default: false },
  version: { type: 'boolean', short: 'v', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} satisfies NonNullable<ParseArgsConfig['options']>;

export const HELP = `corsguard [options] [file|dir|glob|-]...

Lint CORS configuration in gateway and infrastructure configs (YAML, JSON, TOML, Spring .properties).
With no paths, lints the current directory. "-" reads one config from standard input.

Output:
  -f, --format <name>          stylish (default), json, sarif, github, junit
  -o, --output-file <file>     Write the report to a file
  --quiet                      Report errors only (warnings still count for --max-warnings)
  --max-warnings <n>           Exit with 1 when there are more than n warnings
  --color, --no-color          Force colours on or off

Configuration:
  -c, --config <file>          Use this config file instead of looking for one
  --no-config-lookup           Use no config file (the recommended rules)
  --rule <id>:<severity>       Set a rule to off, warn or error (repeatable)
  --print-config               Print the effective configuration and exit
  --report-unused-disable-directives
                               Report unused corsguard-disable comments as errors
  --report-unused-disable-directives-severity <off|warn|error|0|1|2>
                               Severity of unused corsguard-disable comments (default warn)

Files:
  --ignore-pattern <glob>      Skip files matching the glob (repeatable)
  --no-ignore                  Honour neither .gitignore nor ignore patterns
  --stdin-filename <path>      The name of the file read from standard input

Running:
  --concurrency <n|auto|off>   Lint on n threads (auto: by file count and cores; off: one)
  --debug                      Explain which files are linted or skipped, and why
  -v, --version                Print the version
  -h, --help                   Print this help

Exit codes: 0 no errors (warnings allowed), 1 errors or too many warnings,
2 usage, configuration, read or parse errors.
`;

export type ParsedOptions = ReturnType<typeof parseOptions>;

export function parseOptions(args: readonly string[]) {
  return parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
}
