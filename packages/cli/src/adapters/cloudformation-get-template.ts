/**
 * What `aws cloudformation get-template` prints: `{ "TemplateBody": …, "StagesAvailable": [ "Original",
 * "Processed" ] }` (AWS CLI Command Reference, cloudformation get-template; CloudFormation API
 * reference, API_GetTemplate.html). A template written in JSON (every CDK stack, and the `Processed`
 * stage of a SAM stack, which CloudFormation stores as JSON) comes back as an object and is read as
 * the template it is, by the SAM or the CloudFormation adapter. A YAML template comes back as one
 * escaped string, whose lines do not map back to the file: it is left alone.
 */
import { get, isMap } from '../document/access.js';
import type { ConfigDocument } from '../document/node.js';
import type { Adapter } from './adapter.js';
import { awsCloudFormation } from './aws-cloudformation.js';
import { awsSam } from './aws-sam.js';

/** The template the output holds, as a document of its own file, and the adapter that reads it. */
function template(doc: ConfigDocument): { body: ConfigDocument; reader: Adapter } | undefined {
  const root = get(doc.root, 'TemplateBody');
  if (!isMap(root)) return undefined;
  const body: ConfigDocument = { ...doc, root };
  const reader = [awsSam, awsCloudFormation].find((adapter) => adapter.detect(body));
  return reader === undefined ? undefined : { body, reader };
}

export const cloudFormationGetTemplate: Adapter = {
  name: 'cloudformation-get-template',
  description: 'AWS CLI `cloudformation get-template` output whose TemplateBody is a JSON template (CDK stacks, processed SAM stacks)',
  detect: (doc) => template(doc) !== undefined,
  extract(doc) {
    const found = template(doc);
    return found === undefined ? [] : found.reader.extract(found.body);
  },
};
