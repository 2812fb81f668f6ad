import type { CorsPolicy, SourceLocation } from './model.js';

/** Severities as ESLint spells them. */
export type Severity = 'off' | 'warn' | 'error';

/** A JSON Schema for a rule's options object (used by ESLint's `meta.schema` and the CLI's ajv check). */
export type OptionsSchema = Record<string, unknown>;

/** What a rule's check reports: which message, with which data, blaming which location. */
export interface RuleReport {
  messageId: string;
  data?: Record<string, string | number>;
  loc: SourceLocation;
  /**
   * Raise this one finding to `error` even when the rule is configured as `warn` (no-insecure-origin
   * with credentials). The CLI honours it; ESLint cannot vary a rule's severity per report, so there
   * the messageId carries the distinction instead.
   */
  escalate?: boolean;
}

/**
 * One rule: its identity, its messages (ESLint `{{placeholder}}` syntax) and a pure check over a
 * policy. `Options` is a plain object; `defaultOptions` gives every key.
 */
export interface RuleDefinition<Options extends object = Record<string, never>> {
  id: string;
  description: string;
  /** Severity in the `recommended` set; `strict` turns every rule on as `error`. */
  defaultSeverity: Severity;
  /** Whether the rule is about a security hole (`problem`) or a broken/suboptimal configuration. */
  type: 'problem' | 'suggestion';
  messages: Record<string, string>;
  defaultOptions: Options;
  optionsSchema: OptionsSchema;
  check(policy: CorsPolicy, options: Options): RuleReport[];
}

/** A rule report made final: rule, severity and the message text filled in. */
export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Exclude<Severity, 'off'>;
  loc: SourceLocation;
  data: Record<string, string | number>;
}

/** Fill ESLint-style `{{name}}` placeholders, leaving unknown ones as written (as ESLint does). */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(data, name) ? String(data[name]) : whole,
  );
}

/** The options schema of a rule that takes no options: an empty object, nothing else. */
export const NO_OPTIONS_SCHEMA: OptionsSchema = { type: 'object', properties: {}, additionalProperties: false };

/** Identity helper that keeps each rule file's option type checked. */
export function defineRule<Options extends object>(rule: RuleDefinition<Options>): RuleDefinition<Options> {
  return rule;
}
