import { checkPolicy, type Finding, type ResolvedRule, type Severity } from '@corsguard/core';
import type { Adapter } from '../adapters/adapter.js';
import type { LineIndex } from '../document/lines.js';
import { parseConfigText, type ConfigError } from '../document/parse.js';
import { compareMessages, makeResult, type LintMessage, type LintResult } from './result.js';
import { applyDirectives, parseDirectives } from './suppressions.js';

/** Everything needed to lint one file; built once per process (or worker). */
export interface LintSetup {
  adapters: readonly Adapter[];
  rules: readonly ResolvedRule[];
  knownRuleIds: ReadonlySet<string>;
  reportUnusedDisableDirectives: Severity;
}

/** A linted file's result, or why the file was left alone (shown by `--debug`). */
export type FileOutcome = { kind: 'linted'; result: LintResult; detail: string } | { kind: 'skipped'; reason: string };

/**
 * Go/Helm template actions (`{{ … }}`), Terraform template directives (`%{ for … }`, what a
 * `templatefile()` OpenAPI body holds) and Jinja statements and comments (`{% if … %}`, `{# … #}`:
 * Ansible, Salt and cookiecutter templates): such a file is a template, and only its rendered output
 * is a config.
 */
const TEMPLATE_ACTION = /\{\{[\s\S]*?\}\}|%\{[^}]*\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/;

export function lintText(filePath: string, text: string, setup: LintSetup): FileOutcome {
  const parsed = parseConfigText(filePath, text);
  if (parsed.notRead !== undefined) return { kind: 'skipped', reason: parsed.notRead };
  if (parsed.errors.length > 0) {
    if (TEMPLATE_ACTION.test(text)) {
      return { kind: 'skipped', reason: 'a template that does not parse before rendering (lint what it renders: helm template … | corsguard -)' };
    }
    const errors = parsed.errors.map((error) => ({ ...error, message: `Parsing error: ${error.message}` }));
    return { kind: 'linted', result: fatalResult(filePath, errors, parsed.lines()), detail: 'does not parse' };
  }
  const recognisedBy = new Set<string>();
  /** Whether every adapter that recognised a document accepts comments in it (ARM templates). */
  let commentsAccepted = true;
  /** Whether every such adapter also accepts trailing commas (Azure Functions local.settings.json). */
  let trailingCommasAccepted = true;
  let policyCount = 0;
  const findings: Finding[] = [];
  const failures: ConfigError[] = [];
  for (const document of parsed.documents) {
    for (const adapter of setup.adapters) {
      try {
        if (!adapter.detect(document)) continue;
        recognisedBy.add(adapter.name);
        if (adapter.acceptsJsonComments?.(document) !== true) commentsAccepted = false;
        if (adapter.acceptsJsonTrailingCommas?.(document) !== true) trailingCommasAccepted = false;
        // Checked here, inside the try: a malformed policy from a user's adapter fails that adapter on
        // this file, not the run. A loop, not push(...): a very long list overflows the call stack.
        const policies = adapter.extract(document);
        const adapterFindings: Finding[] = [];
        for (const policy of policies) for (const finding of checkPolicy(policy, setup.rules)) adapterFindings.push(finding);
        for (const finding of adapterFindings) findings.push(finding);
        policyCount += policies.length;
      } catch (error) {
        failures.push({
          message: `Adapter ${adapter.name} failed on this file: ${error instanceof Error ? error.message : String(error)}`,
          line: document.root.loc.line,
          column: document.root.loc.column,
        });
      }
    }
  }
  if (recognisedBy.size === 0 && failures.length === 0) return { kind: 'skipped', reason: unrecognisedReason(parsed.documents) };
  const detail = `${[...recognisedBy].join(', ')}: ${policyCount} CORS ${policyCount === 1 ? 'policy' : 'policies'}${failures.length > 0 ? ', adapter failure' : ''}`;
  const rejected = commentsAccepted
    ? trailingCommasAccepted
      ? []
      : parsed.beyondComments.map((error) => ({ ...error, message: `Parsing error: ${error.message} Comments are allowed in this file, trailing commas are not.` }))
    : parsed.nonStandard.map((error) => ({ ...error, message: `Parsing error: ${error.message} JSON allows no comments or trailing commas.` }));
  if (rejected.length > 0) return { kind: 'linted', result: fatalResult(filePath, rejected, parsed.lines()), detail };

  const messages = toMessages(findings);
  const directives = parseDirectives(parsed.comments);
  const outcome = applyDirectives(messages, directives, setup.knownRuleIds, setup.reportUnusedDisableDirectives);
  // An adapter that failed leaves the file half linted: its message is fatal (exit 2), beside what the other adapters found.
  for (const failure of failures) outcome.messages.push(fatalMessage(failure));
  outcome.messages.sort(compareMessages);
  const lines = outcome.messages.length > 0 ? parsed.lines() : undefined;
  const result = makeResult(filePath, outcome.messages, outcome.suppressed, (line) => lines?.lineText(line) ?? '');
  return { kind: 'linted', result, detail };
}

function fatalMessage(error: ConfigError): LintMessage {
  return { ruleId: null, severity: 2, message: error.message, line: error.line, column: error.column, fatal: true };
}

function unrecognisedReason(documents: readonly unknown[]): string {
  return `no adapter recognises its ${documents.length === 1 ? 'document' : `${documents.length} documents`}`;
}

/**
 * Findings → ESLint messages. A node shared through a YAML alias can reach several policies; the
 * same finding at the same place is reported once.
 */
function toMessages(findings: readonly Finding[]): LintMessage[] {
  const seen = new Set<string>();
  const messages: LintMessage[] = [];
  for (const finding of findings) {
    const { loc } = finding;
    const key = `${finding.ruleId}\0${finding.messageId}\0${finding.message}\0${loc.line}:${loc.column}:${loc.endLine}:${loc.endColumn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    messages.push({
      ruleId: finding.ruleId,
      severity: finding.severity === 'error' ? 2 : 1,
      message: finding.message,
      line: loc.line,
      column: loc.column,
      endLine: loc.endLine,
      endColumn: loc.endColumn,
      messageId: finding.messageId,
    });
  }
  return messages;
}

/** A file that cannot be linted: ESLint's fatal message shape. */
export function fatalResult(filePath: string, errors: readonly ConfigError[], lines: LineIndex | undefined): LintResult {
  const messages: LintMessage[] = errors.map(fatalMessage);
  return makeResult(filePath, messages, [], (line) => lines?.lineText(line) ?? '');
}
