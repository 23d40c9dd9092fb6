// Environment for child processes: the caller's environment without Fabric variables that
// would silently override the generated configuration.
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(CORE_|ORDERER_|FABRIC_|CHAINCODE_AS_A_SERVICE)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}
