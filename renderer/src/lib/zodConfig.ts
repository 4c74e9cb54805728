// zod compiles fast parsers with `new Function`, which this CSP (no 'unsafe-eval') forbids:
// even its probe would be reported as a violation. Imported before any schema is used.
import { config } from 'zod';

config({ jitless: true });
