// Runs before the app (a classic script, so before every module): the CSP forbids eval, so
// zod must not even probe for it — the probe itself is reported as a CSP violation. zod reads
// its configuration from this global when it loads. (The worker does the same: src/zod-config.ts.)
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
