/** Every ledger-backed route, as the gateway mounts them. */
import type { RouteDefinition } from '../http/route.js';
import type { LedgerServices } from '../ledger/ledger-services.js';
import type { Services } from '../services.js';
import { auditRoutes } from './audit.js';
import { ballotRoutes } from './ballot.js';
import { electionRoutes } from './elections.js';
import { keyholderRoutes } from './keyholder.js';
import { serviceDeskRoutes } from './service-desk.js';

export function ledgerRoutes(svc: Services, ledger: LedgerServices): RouteDefinition[] {
  return [...ballotRoutes(svc, ledger), ...electionRoutes(ledger), ...keyholderRoutes(svc, ledger), ...auditRoutes(ledger), ...serviceDeskRoutes(svc, ledger)];
}
