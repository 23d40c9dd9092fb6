/**
 * Starts the gateway: config → logger → store → Fabric and routes → listen; finishes casts left
 * unconfirmed by a crash, follows turnout events, runs the retention purge; graceful shutdown on
 * SIGTERM/SIGINT.
 */
import { createServer } from 'node:http';
import { initFastVerification } from '@ballotledger/core';
import { ConfigError, loadConfig, type Config } from './config.js';
import { buildGateway } from './gateway.js';
import { runRetention } from './ledger/retention.js';
import { createLogger } from './logger.js';
import { devBootstrap } from './dev-bootstrap.js';
import { createShutdown } from './shutdown.js';
import { devPiiKey } from './storage/pii.js';
import { openStore } from './storage/store.js';

function loadOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(78);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = loadOrExit();
  const logger = createLogger({ level: config.logLevel });
  // Ballot checks on libsodium (same verdicts as the pure-JS reference, several times faster).
  const verification = await initFastVerification().catch((err: unknown) => `reference (libsodium unavailable: ${String(err)})`);
  logger.info({ verification }, 'ballot verification');
  const store = openStore(config.dataDir, config.piiKey ?? devPiiKey(config.dataDir));
  const gateway = await buildGateway(config, logger, store);
  const devFile = await devBootstrap(config, store, gateway.ledger?.fabric.profile);
  if (devFile) logger.info({ file: devFile }, 'development accounts and key-holder identity files');
  const server = createServer(gateway.app);
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;
  const sweep = setInterval(() => store.sweep(), 60_000);
  const retention = setInterval(() => void runRetention(store, gateway.ledger, logger, config.draftApplicationDays), 3_600_000);
  sweep.unref();
  retention.unref();
  const recovered = await gateway.start();
  if (recovered.recorded + recovered.failed + recovered.open > 0) logger.info(recovered, 'unconfirmed casts from before the restart finished');
  const shutdown = createShutdown({
    server,
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    cleanup: [() => clearInterval(sweep), () => clearInterval(retention), () => gateway.close(), () => store.close()],
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown(signal).then(() => process.exit(0)));
  }
  server.listen(config.port, config.host, () =>
    logger.info({ host: config.host, port: config.port, env: config.env, ledger: gateway.ledger ? config.fabric.org : 'off' }, 'gateway listening'),
  );
}

void main();
