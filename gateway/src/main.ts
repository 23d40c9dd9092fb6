/** Starts the gateway: config → logger → store → app → listen; graceful shutdown on SIGTERM/SIGINT. */
import { createServer } from 'node:http';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createShutdown } from './shutdown.js';
import { devPiiKey } from './storage/pii.js';
import { openStore } from './storage/store.js';

function main(): void {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel });
  const store = openStore(config.dataDir, config.piiKey ?? devPiiKey(config.dataDir));
  const app = createApp({ config, logger, store });
  const server = createServer(app);
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  const sweep = setInterval(() => store.sweep(), 60_000);
  sweep.unref();
  const shutdown = createShutdown({
    server,
    logger,
    timeoutMs: config.shutdownTimeoutMs,
    cleanup: [() => clearInterval(sweep), () => store.close()],
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void shutdown(signal).then(() => process.exit(0)));
  }
  server.listen(config.port, config.host, () => logger.info({ host: config.host, port: config.port, env: config.env }, 'gateway listening'));
}

main();
