import type { RuleDefinition } from '@corsguard/core';

/** The JSON Schema of a corsguard config file (`corsguard.config.json`, `.corsguardrc.yaml`, …). */

export const SEVERITIES = ['off', 'warn', 'error', 0, 1, 2] as const;
export const PRESETS = ['recommended', 'strict', 'none'] as const;

export function configSchema(rules: readonly RuleDefinition<object>[]): Record<string, unknown> {
  const severity = { enum: [...SEVERITIES] };
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      preset: { enum: [...PRESETS] },
      rules: {
        type: 'object',
        propertyNames: { enum: rules.map((rule) => rule.id) },
        additionalProperties: {
          anyOf: [
            severity,
            {
              type: 'array',
              minItems: 1,
              maxItems: 2,
              items: [severity, { type: 'object' }],
              additionalItems: false,
            },
          ],
        },
      },
      ignorePatterns: { type: 'array', items: { type: 'string', minLength: 1 } },
      adapters: { type: 'array', items: { type: 'string', minLength: 1 } },
      // As ESLint's linterOptions: a severity, or a boolean (true is warn).
      reportUnusedDisableDirectives: { anyOf: [severity, { type: 'boolean' }] },
    },
  };
}
