import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { cloudAdapters } from '../../src/adapters/cloud.js';
import { parseConfigText } from '../../src/document/parse.js';
import { checkPolicy, resolveRules, rules, recommendedRules } from '@corsguard/core';
import { summary } from './cloud-summary.js';

it('scratch', () => {
  for (const file of (process.env.FILES ?? '').split(',')) {
    const parsed = parseConfigText(file, readFileSync(file, 'utf8'));
    for (const doc of parsed.documents) {
      const adapter = cloudAdapters.find((a) => a.detect(doc));
      console.log(file, adapter?.name);
      if (!adapter) continue;
      for (const policy of adapter.extract(doc)) {
        console.log(JSON.stringify(summary(policy), null, 1));
        for (const f of checkPolicy(policy, resolveRules(rules, recommendedRules))) console.log('  FINDING', f.ruleId, f.messageId, f.severity, f.loc.line, f.loc.column);
      }
    }
  }
});
