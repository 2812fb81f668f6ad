import type { Adapter } from './adapter.js';
import { awsCliCors } from './aws-cli-cors.js';
import { awsCloudFormation } from './aws-cloudformation.js';
import { awsSam } from './aws-sam.js';
import { azure } from './azure.js';
import { cloudFormationGetTemplate } from './cloudformation-get-template.js';
import { cloudFrontApi } from './cloudfront-api.js';
import { gcsCors } from './gcs-cors.js';
import { netlify } from './netlify.js';
import { openApi } from './openapi.js';
import { rawHeaderFiles } from './raw-headers.js';
import { s3ApiCors } from './s3-api-cors.js';
import { serverlessFramework } from './serverless-framework.js';
import { terraformPlan } from './terraform-plan.js';

/**
 * The cloud and IaC adapters. SAM comes before CloudFormation: a SAM template is CloudFormation too,
 * and the SAM adapter reads its plain CloudFormation resources as well (the CloudFormation adapter
 * declines SAM templates, so each resource is read once).
 */
export const cloudAdapters: Adapter[] = [
  awsSam,
  awsCloudFormation,
  serverlessFramework,
  openApi,
  terraformPlan,
  azure,
  gcsCors,
  s3ApiCors,
  cloudFrontApi,
  awsCliCors,
  cloudFormationGetTemplate,
  rawHeaderFiles,
  netlify,
];
