import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { Formatter } from './formatter.js';

/** Base id of artifact URIs: the directory corsguard ran in (the checkout root in CI). */
const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. Rule findings are results, with
 * each rule described once (help URI from the rule docs); parse errors and disable-directive reports
 * are tool notifications, since no rule produced them. Artifact URIs are relative to `%SRCROOT%`.
 */
export const sarif: Formatter = (results, context) => {
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const sarifResults: Result[] = [];
  const notifications: Notification[] = [];

  for (const lintResult of results) {
    const artifact = artifactLocation(lintResult.filePath, context.cwd);
    for (const message of lintResult.messages) {
      const region = {
        startLine: message.line,
        startColumn: message.column,
        ...(message.endLine === undefined ? {} : { endLine: message.endLine }),
        ...(message.endColumn === undefined ? {} : { endColumn: message.endColumn }),
      };
      const location = { physicalLocation: { artifactLocation: artifact, region } };
      const meta = message.ruleId === null ? undefined : context.rulesMeta[message.ruleId];
      if (message.ruleId === null || meta === undefined) {
        notifications.push({ level: message.severity === 2 ? 'error' : 'warning', message: { text: message.message }, locations: [location] });
        continue;
      }
      let index = ruleIndex.get(message.ruleId);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(message.ruleId, index);
        rules.push({
          id: message.ruleId,
          shortDescription: { text: meta.description },
          helpUri: meta.docsUrl,
          properties: { category: meta.type },
        });
      }
      sarifResults.push({
        ruleId: message.ruleId,
        ruleIndex: index,
        level: message.severity === 2 ? 'error' : 'warning',
        message: { text: message.message },
        locations: [location],
      });
    }
  }

  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'corsguard',
            version: context.version,
            informationUri: 'https://github.com/corsguard/corsguard',
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(context.cwd) } },
        results: sarifResults,
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function artifactLocation(filePath: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (filePath.startsWith('<')) return { uri: encodeURIComponent(filePath.slice(1, -1)) };
  const rel = relative(cwd, filePath);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(filePath).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
