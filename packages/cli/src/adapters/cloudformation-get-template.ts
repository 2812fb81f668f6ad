/**
 * What `aws cloudformation get-template` prints: `{ "TemplateBody": …, "StagesAvailable": [ "Original",
 * "Processed" ] }` (AWS CLI Command Reference, cloudformation get-template; CloudFormation API
 * reference, API_GetTemplate.html). A template written in JSON (every CDK stack, and the `Processed`
 * stage of a SAM stack, which CloudFormation stores as JSON) comes back as an object and is read as
 * the template it is, at its own positions, by the SAM or the CloudFormation adapter. A template written
 * in YAML comes back as one escaped string, whose lines do not map back to the file: it is read too,
 * and its findings are placed at the string, as for every config file held in a string (embedded-documents.ts).
 */
import type { CorsPolicy } from '@corsguard/core';
import { get, isMap, keptOn } from '../document/access.js';
import type { ConfigDocument } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { awsCloudFormation } from './aws-cloudformation.js';
import { awsSam } from './aws-sam.js';
import { embeddedDocuments } from './embedded-documents.js';

interface PrintedTemplate {
  body: ConfigDocument;
  reader: Adapter;
}

/** The template the output holds, as a document of its own, and the adapter that reads it; read once per document. */
const printedTemplate = keptOn('printedTemplate', readPrintedTemplate);

function readPrintedTemplate(doc: ConfigDocument): PrintedTemplate | undefined {
  const value = get(doc.root, 'TemplateBody');
  if (value === undefined) return undefined;
  // A template printed as a string is parsed as the file it was, placed as every embedded file is.
  const body = isMap(value) ? { ...doc, root: value } : embeddedDocuments(doc, 'template', value)[0];
  if (body === undefined) return undefined;
  const reader = [awsSam, awsCloudFormation].find((adapter) => adapter.detect(body));
  return reader === undefined ? undefined : { body, reader };
}

export const cloudFormationGetTemplate: Adapter = {
  name: 'cloudformation-get-template',
  description: 'AWS CLI `cloudformation get-template` output (TemplateBody as a JSON object or a YAML string)',
  detect: (doc) => printedTemplate(doc) !== undefined,
  extract(doc): CorsPolicy[] {
    const found = printedTemplate(doc);
    return found === undefined ? [] : found.reader.extract(found.body);
  },
};
