import { describe, expect, it } from 'vitest';
import { awsCliCors } from '../../src/adapters/aws-cli-cors.js';
import { findingsOf } from './cloud-findings.js';
import { detects, policiesOf } from './helpers.js';

/** What `aws lambda get-function-url-config` prints. */
const FUNCTION_URL = (cors: string) => `{
    "FunctionUrl": "https://abcdefghijklmnopqrstuvwxyz123456.lambda-url.us-east-1.on.aws/",
    "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:report-api",
    "AuthType": "NONE",
    "Cors": ${cors},
    "CreationTime": "2025-02-11T09:14:07.123456Z",
    "InvokeMode": "BUFFERED"
}
`;

/** What `aws apigatewayv2 get-api` prints. */
const HTTP_API = (protocol: string, origins: string) => `{
    "ApiEndpoint": "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
    "ApiId": "a1b2c3d4e5",
    "CorsConfiguration": {
        "AllowCredentials": true,
        "AllowHeaders": ["authorization", "content-type"],
        "AllowMethods": ["GET", "POST"],
        "AllowOrigins": ${origins},
        "MaxAge": 600
    },
    "Name": "orders-http",
    "ProtocolType": "${protocol}",
    "RouteSelectionExpression": "$request.method $request.path"
}
`;

describe('aws-cli-cors adapter', () => {
  it('reads a function URL config with Lambda semantics: * with credentials echoes every origin', () => {
    const printed = FUNCTION_URL('{ "AllowCredentials": true, "AllowMethods": ["GET", "POST"], "AllowOrigins": ["*"], "MaxAge": 300 }');
    expect(policiesOf(awsCliCors, 'url.json', printed).map((policy) => policy.source)).toEqual(['Lambda function URL arn:aws:lambda:us-east-1:123456789012:function:report-api']);
    expect(findingsOf(awsCliCors, 'url.json', printed)).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@5:91']);
    expect(findingsOf(awsCliCors, 'url.json', FUNCTION_URL('{ "AllowOrigins": ["https://app.example.com"], "AllowMethods": ["GET"] }'))).toEqual([]);
  });

  it('reads the configs list-function-url-configs prints', () => {
    const listed = `{ "FunctionUrlConfigs": [ ${FUNCTION_URL('{ "AllowOrigins": ["https://app.example.com/"] }')} ] }`;
    expect(findingsOf(awsCliCors, 'urls.json', listed)).toEqual(['valid-origin/trailingSlash@5:32']);
  });

  it('reads an HTTP API with API Gateway semantics and leaves WebSocket APIs alone', () => {
    expect(findingsOf(awsCliCors, 'api.json', HTTP_API('HTTP', '["https://*"]'))).toEqual(['no-reflected-origin-with-credentials/reflectedWithCredentials@8:26']);
    expect(findingsOf(awsCliCors, 'api.json', HTTP_API('HTTP', '["https://app.example.com"]'))).toEqual([]);
    expect(detects(awsCliCors, 'api.json', HTTP_API('WEBSOCKET', '["*"]'))).toBe(false);
    expect(findingsOf(awsCliCors, 'apis.json', `{ "Items": [ ${HTTP_API('HTTP', '["*"]')} ] }`)).toEqual([
      'no-wildcard-origin-with-credentials/wildcardWithCredentials@8:26',
    ]);
  });

  it('leaves a bare Cors object alone: Lambda and API Gateway read the same keys differently', () => {
    expect(detects(awsCliCors, 'cors.json', '{ "AllowOrigins": ["*"], "AllowCredentials": true }')).toBe(false);
    expect(detects(awsCliCors, 'cors.json', '{ "Cors": { "AllowOrigins": ["*"] } }')).toBe(false);
    expect(detects(awsCliCors, 'template.json', '{ "Resources": { "Url": { "Type": "AWS::Lambda::Url", "Properties": { "AuthType": "NONE", "Cors": {} } } } }')).toBe(false);
  });
});
