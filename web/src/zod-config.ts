// Imported first (before core builds its schemas): the CSP forbids eval, so zod must not even
// probe for it — the probe itself is reported as a CSP violation.
import { z } from 'zod';

z.config({ jitless: true });
