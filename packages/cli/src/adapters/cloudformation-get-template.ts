/**
 * What `aws cloudformation get-template` prints: `{ "TemplateBody": …, "StagesAvailable": [ "Original",
 * "Processed" ] }` (AWS CLI Command Reference, cloudformation get-template; CloudFormation API
 * reference, API_GetTemplate.html). A template written in JSON (every CDK stack, and the `Processed`
 * stage of a SAM stack, which CloudFormation stores as JSON) comes back as an object and is read as
 * the template it is, at its own positions, by the SAM or the CloudFormation adapter. A template written
 * in YAML comes back as one escaped string, whose lines do not map back to the file: it is read too,
 * and its findings are placed at the string.
 */
import type { CorsPolicy, SourceLocation } from '@corsguard/core';
import { get, isMap, isScalar } from '../document/access.js';
import type { ConfigDocument, DocNode } from '../document/node.js';
import { parseConfigText } from '../document/parse.js';
import type { Adapter } from './adapter.js';
import { awsCloudFormation } from './aws-cloudformation.js';
import { awsSam } from './aws-sam.js';

interface PrintedTemplate {
  body: ConfigDocument;
  reader: Adapter;
  /** Where every finding goes for a template printed as a string. */
  printedAt: SourceLocation | undefined;
}

/** The template held in a string, parsed as the file it was; undefined when it does not parse. */
function parsedBody(doc: ConfigDocument, value: DocNode): ConfigDocument | undefined {
  if (!isScalar(value) || typeof value.value !== 'string' || !value.value.includes('\n')) return undefined;
  const parsed = parseConfigText(/^\s*[{[]/.test(value.value) ? 'template.json' : 'template.yaml', value.value);
  const [body] = parsed.documents;
  return parsed.errors.length > 0 || body === undefined ? undefined : { ...body, path: doc.path };
}

/** The template the output holds, as a document of its own, and the adapter that reads it. */
function printedTemplate(doc: ConfigDocument): PrintedTemplate | undefined {
  const value = get(doc.root, 'TemplateBody');
  if (value === undefined) return undefined;
  const body = isMap(value) ? { ...doc, root: value } : parsedBody(doc, value);
  if (body === undefined) return undefined;
  const reader = [awsSam, awsCloudFormation].find((adapter) => adapter.detect(body));
  if (reader === undefined) return undefined;
  return { body, reader, printedAt: isMap(value) ? undefined : { ...value.loc, file: doc.path } };
}

/** A copy of a policy with every location moved to `loc` (a policy is plain data: objects, arrays, scalars). */
function placedAt<T>(value: T, loc: SourceLocation): T {
  if (Array.isArray(value)) return value.map((item: unknown) => placedAt(item, loc)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = key === 'loc' ? loc : placedAt(field, loc);
  return copy as T;
}

export const cloudFormationGetTemplate: Adapter = {
  name: 'cloudformation-get-template',
  description: 'AWS CLI `cloudformation get-template` output (TemplateBody as a JSON object or a YAML string)',
  detect: (doc) => printedTemplate(doc) !== undefined,
  extract(doc): CorsPolicy[] {
    const found = printedTemplate(doc);
    if (found === undefined) return [];
    const policies = found.reader.extract(found.body);
    const at = found.printedAt;
    return at === undefined ? policies : policies.map((policy) => placedAt(policy, at));
  },
};
