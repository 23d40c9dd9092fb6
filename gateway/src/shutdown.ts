/**
 * Graceful shutdown: stop accepting connections, let in-flight requests finish (closing idle
 * keep-alive connections at once), force-close what is left after a timeout, then run the
 * cleanup steps (close the store) in order.
 *
 * @module
 */
import type { Server } from 'node:http';
import type { Logger } from './logger.js';

export interface ShutdownOptions {
  readonly server: Server;
  readonly logger: Logger;
  readonly timeoutMs: number;
  /** Run after the server has stopped, in order (e.g. `() => store.close()`). */
  readonly cleanup: readonly (() => void | Promise<void>)[];
}

/** Returns an idempotent `shutdown(reason)`; resolves when everything is closed. */
export function createShutdown(options: ShutdownOptions): (reason: string) => Promise<void> {
  let running: Promise<void> | undefined;
  return (reason: string) =>
    (running ??= (async () => {
      const { server, logger } = options;
      logger.info({ reason }, 'shutting down: no new connections; finishing in-flight requests');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
        timer.unref();
      });
      if ((await Promise.race([closed.then(() => 'closed' as const), timeout])) === 'timeout') {
        logger.warn('shutdown timeout: closing remaining connections');
        server.closeAllConnections();
        await closed;
      }
      clearTimeout(timer);
      for (const step of options.cleanup) {
        try {
          await step();
        } catch (err) {
          logger.error({ err }, 'shutdown cleanup step failed');
        }
      }
      logger.info('shutdown complete');
    })());
}
