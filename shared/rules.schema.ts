// Turns a plain rule (rules.ts) into a zod string schema for main's validation of IPC
// payloads, keeping the rule's own message and its normalised value.
import { z } from 'zod';
import type { RuleResult } from './rules.ts';

export function ruleSchema(rule: (input: string) => RuleResult) {
  return z
    .string()
    .max(64 * 1024)
    .transform((input, ctx) => {
      const result = rule(input);
      if (result.ok) return result.value;
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    });
}
