/** The programmatic API of the corsguard CLI: parsing, discovery, config, linting and formatting. */
export type { Adapter } from './adapters/adapter.js';
export type { ConfigDocument, DocNode, DynamicNode, MapEntry, MapNode, ScalarNode, SeqNode } from './document/node.js';
export * as access from './document/access.js';
export { parseConfigText, type ConfigError, type ParsedConfig, type SourceComment } from './document/parse.js';
export { discoverFiles, type DiscoveryOptions, type IgnorePattern } from './discover.js';
export { loadConfig, applyRuleOverrides, CONFIG_FILE_NAMES, type ResolvedConfig } from './config/load.js';
export { lintText, type FileOutcome, type LintSetup } from './lint/lint-text.js';
export { lintFile } from './lint/lint-file.js';
export { lintPaths, autoThreads } from './lint/run.js';
export { buildSetup, type SetupSpec } from './lint/setup.js';
export type { LintMessage, LintResult, SuppressedMessage } from './lint/result.js';
export { loadFormatter, FORMAT_NAMES, type Formatter, type FormatterContext, type FormatName } from './format/formatter.js';
export { run } from './cli/main.js';
