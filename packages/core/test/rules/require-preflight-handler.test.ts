import { describe, expect, it } from 'vitest';
import { at, buildPolicy, list, preflight, reflectList, served, unknownList } from '../policy-builder.js';
import { detailsOf, findingsOf } from './findings.js';

const RULE = 'require-preflight-handler';
const NO_OPTIONS = preflight('no-options-route', at(8, 1, 40), '/products/:id');
const CONTINUED = preflight('continued-without-handler', at(3, 25, 23));
const finding = (messageId: string, line: number, column: number) => ({
  ruleId: RULE,
  messageId,
  severity: 'error',
  line,
  column,
});

describe(RULE, () => {
  it('fires when a route serves a method that needs a preflight and has no OPTIONS route', () => {
    const policy = buildPolicy({ preflight: NO_OPTIONS, servedMethods: served(8, 5, ['DELETE']) });
    expect(findingsOf(RULE, policy)).toEqual([finding('noOptionsRoute', 8, 1)]);
    expect(detailsOf(RULE, policy)[0]?.message).toContain("for '/products/:id'");
    expect(detailsOf(RULE, policy)[0]?.message).toContain('before DELETE requests');
  });

  it('fires when preflights are passed on and Allow-Methods lists a preflighted method', () => {
    const policy = buildPolicy({ preflight: CONTINUED, allowMethods: list(2, 12, ['GET', 'PATCH']) });
    expect(findingsOf(RULE, policy)).toEqual([finding('continuedWithoutHandler', 3, 25)]);
    expect(detailsOf(RULE, policy)[0]?.message).toContain('for these routes');
  });

  it('fires when a check before the CORS handling refuses the preflight, naming that check', () => {
    const refused = preflight('refused-before-cors', at(12, 9, 30), 'route /api', 'the jwt_authn filter');
    const policy = buildPolicy({ preflight: refused, requiredRequestHeaders: served(14, 11, ['Authorization']) });
    expect(findingsOf(RULE, policy)).toEqual([finding('refusedBeforeCors', 12, 9)]);
    const [message] = detailsOf(RULE, policy).map((detail) => detail.message);
    expect(message).toContain('before requests with the Authorization header these routes require');
    expect(message).toContain("the jwt_authn filter refuses it for 'route /api'");
  });

  it('stays silent on a refused preflight when nothing says the requests are preflighted', () => {
    const refused = preflight('refused-before-cors', at(12, 9, 30), 'route /api', 'the jwt_authn filter');
    expect(findingsOf(RULE, buildPolicy({ preflight: refused, servedMethods: served(8, 5, ['GET', 'POST']) }))).toEqual([]);
  });

  it('fires when Allow-Headers names a header that is not safelisted, or is *', () => {
    const named = buildPolicy({ preflight: NO_OPTIONS, allowHeaders: list(4, 20, ['Content-Type', 'Authorization']) });
    expect(findingsOf(RULE, named)).toEqual([finding('noOptionsRoute', 8, 1)]);
    expect(detailsOf(RULE, named)[0]?.message).toContain('the Authorization header');
    const wildcard = buildPolicy({ preflight: CONTINUED, allowHeaders: list(4, 20, ['*']) });
    expect(findingsOf(RULE, wildcard)).toEqual([finding('continuedWithoutHandler', 3, 25)]);
  });

  it('fires when the routes require a header that is not safelisted, such as an API key', () => {
    const policy = buildPolicy({ preflight: NO_OPTIONS, servedMethods: served(8, 5, ['GET']), requiredRequestHeaders: served(9, 7, ['x-api-key']) });
    expect(findingsOf(RULE, policy)).toEqual([finding('noOptionsRoute', 8, 1)]);
    expect(detailsOf(RULE, policy)[0]?.message).toContain('before requests with the x-api-key header these routes require');
  });

  it('stays silent when the required headers are all safelisted', () => {
    const policy = buildPolicy({ preflight: NO_OPTIONS, servedMethods: served(8, 5, ['GET']), requiredRequestHeaders: served(9, 7, ['Accept-Language']) });
    expect(findingsOf(RULE, policy)).toEqual([]);
  });

  it('reads a comma-joined Allow-Methods item as the header will', () => {
    const policy = buildPolicy({ preflight: CONTINUED, allowMethods: list(2, 12, ['GET, POST, PUT']) });
    expect(findingsOf(RULE, policy)).toEqual([finding('continuedWithoutHandler', 3, 25)]);
    expect(detailsOf(RULE, policy)[0]?.message).toContain('before PUT requests');
  });

  it('fires on a lowercase patch, which fetch() sends unnormalized', () => {
    const policy = buildPolicy({ preflight: NO_OPTIONS, servedMethods: served(8, 5, ['patch']) });
    expect(findingsOf(RULE, policy)).toEqual([finding('noOptionsRoute', 8, 1)]);
  });

  it('trusts the served methods over a default Allow-Methods list', () => {
    const policy = buildPolicy({
      preflight: NO_OPTIONS,
      servedMethods: served(8, 5, ['GET']),
      allowMethods: list(8, 1, ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE']),
    });
    expect(findingsOf(RULE, policy)).toEqual([]);
  });

  it('stays silent when only safelisted methods and headers are in play', () => {
    const policy = buildPolicy({
      preflight: NO_OPTIONS,
      servedMethods: served(8, 5, ['GET', 'post', 'HEAD']),
      allowHeaders: list(4, 20, ['Accept', 'Content-Type', 'Content-Language']),
    });
    expect(findingsOf(RULE, policy)).toEqual([]);
  });

  it('stays silent when nothing says a preflight is needed', () => {
    for (const fields of [
      {},
      { allowMethods: unknownList(at(2, 1)), allowHeaders: unknownList(at(3, 1)) },
      { allowHeaders: reflectList(at(2, 1)) },
      { allowMethods: list(2, 12, ['*']) },
    ]) {
      expect(findingsOf(RULE, buildPolicy({ preflight: NO_OPTIONS, ...fields }))).toEqual([]);
    }
  });

  it('stays silent when the preflight is answered or its handling is unknown', () => {
    for (const handling of ['answered', 'unknown'] as const) {
      const policy = buildPolicy({ preflight: preflight(handling, at(3, 1)), servedMethods: served(8, 5, ['PUT']) });
      expect(findingsOf(RULE, policy)).toEqual([]);
    }
  });
});
