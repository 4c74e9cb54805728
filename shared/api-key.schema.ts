// The key as the saveKey request carries it; the rule itself is in rules.ts.
import { z } from 'zod';
import { ruleSchema } from './rules.schema.ts';
import { checkApiKey } from './rules.ts';

export const ApiKeyInputSchema = z.strictObject({ key: ruleSchema(checkApiKey) });
