import { describe, expect, it } from 'vitest';
import { at, buildPolicy, tri } from '../policy-builder.js';
import { detailsOf, findingsOf } from './findings.js';

const RULE = 'valid-credentials';
const written = (value: string) =>
  buildPolicy({ credentials: tri(value === 'true' ? true : false, at(4, 40)), credentialsText: { value, loc: at(4, 40, value.length) } });

describe(RULE, () => {
  it('reports a hand-written value other than the exact lowercase true, where it is written', () => {
    for (const value of ['True', 'TRUE', '1', 'yes', '"true"', "'true'", 'true, true', 'include']) {
      expect(findingsOf(RULE, written(value)), value).toEqual([{ ruleId: RULE, messageId: 'notExactTrue', severity: 'error', line: 4, column: 40 }]);
    }
    expect(detailsOf(RULE, written('True'))[0]?.message).toContain("Access-Control-Allow-Credentials is 'True', but browsers accept only the exact lowercase 'true'");
  });

  it('reads the value as browsers do, after stripping surrounding whitespace', () => {
    expect(findingsOf(RULE, written(' true\t'))).toEqual([]);
    expect(detailsOf(RULE, written(' True '))[0]?.message).toContain("is 'True',");
  });

  it('stays silent on true, on spellings of no, and where the product writes the header', () => {
    for (const value of ['true', 'false', 'False', '0', 'no', 'off', '', "'false'"]) expect(findingsOf(RULE, written(value)), value).toEqual([]);
    expect(findingsOf(RULE, buildPolicy({ credentials: tri(true, at(4, 40)) }))).toEqual([]);
  });
});
