/**
 * Assembles the gateway: services on the store, the Fabric connections (identities enrolled
 * into the wallet at first start), the ledger services and every route. `main.ts` runs it; the
 * integration tests build the very same thing.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import type { Express } from 'express';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { connectFabric, type FabricAccess } from './ledger/fabric-access.js';
import { LedgerHooks } from './ledger/ledger-hooks.js';
import { createLedgerServices, type LedgerServices } from './ledger/ledger-services.js';
import type { Logger } from './logger.js';
import { createServices, type Services } from './services.js';
import { ledgerRoutes } from './routes/ledger-routes.js';
import type { Store } from './storage/store.js';

export interface Gateway {
  readonly app: Express;
  readonly services: Services;
  /** Undefined when no network profile exists: the ledger routes are then not mounted. */
  readonly ledger: LedgerServices | undefined;
  /** Starts the background work: unconfirmed casts are finished, turnout events followed. */
  start(): Promise<{ recorded: number; failed: number; open: number }>;
  close(): Promise<void>;
}

async function connect(config: Config, logger: Logger): Promise<FabricAccess | undefined> {
  if (!existsSync(config.fabric.profilePath)) {
    logger.warn({ profile: config.fabric.profilePath }, 'no Fabric network profile: ledger routes are off and election-scoped admin requests are refused (start the network first)');
    return undefined;
  }
  return connectFabric(config.fabric, logger);
}

export async function buildGateway(config: Config, logger: Logger, store: Store): Promise<Gateway> {
  const hooks = new LedgerHooks(store, config);
  const fabric = await connect(config, logger);
  const services = createServices(config, logger, store, {
    hooks,
    readiness: fabric ? [{ name: 'ledger', check: async () => (await fabric.auditor.info()).name === 'ballot' }] : [],
  });
  if (fabric) services.metrics.register(fabric.endorsementRaces);
  const ledger = fabric ? createLedgerServices(services, fabric) : undefined;
  if (ledger) hooks.attach(ledger);
  const routes = ledger ? ledgerRoutes(services, ledger) : [];
  const app = createApp({ config, logger, store, services, routes });
  return {
    app,
    services,
    ledger,
    start: async () => {
      if (!ledger) return { recorded: 0, failed: 0, open: 0 };
      ledger.turnout.start();
      return ledger.casts.recoverPending();
    },
    close: async () => {
      await ledger?.close();
    },
  };
}
