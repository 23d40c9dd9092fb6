// Loaded before anything else (its own <script type="module"> first in index.html, and first
// in the worker): the CSP forbids eval, so zod must not even probe for it — the probe itself is
// reported as a CSP violation. zod reads its configuration from this global when it loads, and
// the app's chunks may evaluate zod (and core's schemas) before any module body of the entry.
const g = globalThis as { __zod_globalConfig?: Record<string, unknown> };
g.__zod_globalConfig = { ...(g.__zod_globalConfig ?? {}), jitless: true };

export {};
