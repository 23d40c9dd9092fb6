/**
 * Everything the ledger-backed routes use, built once at start from the Fabric connections.
 *
 * @module
 */
import type { Election } from '@ballotledger/chaincode';
import type { Services } from '../services.js';
import { CastService } from './cast-service.js';
import { ElectionService } from './election-service.js';
import type { FabricAccess } from './fabric-access.js';
import { KeyholderRelay } from './keyholder-relay.js';
import { onLedger } from './ledger-errors.js';
import { PeerAudit } from './peer-audit.js';
import { SpoilService } from './spoil-service.js';
import { cachedFor } from './ttl-cache.js';
import { TurnoutProjector } from './turnout-projector.js';

export interface LedgerServices {
  readonly fabric: FabricAccess;
  readonly elections: ElectionService;
  readonly casts: CastService;
  readonly spoils: SpoilService;
  readonly turnout: TurnoutProjector;
  readonly relay: KeyholderRelay;
  readonly audit: PeerAudit;
  /** The election as the ledger holds it; cached for a second (voter pages poll it). */
  election(electionId: string): Promise<Election>;
  /** The ledger's ballot count (TurnoutCount pages through every receipt); cached for 5 s (public pages poll it). */
  ledgerTurnout(electionId: string): Promise<number>;
  close(): Promise<void>;
}

export function createLedgerServices(svc: Services, fabric: FabricAccess): LedgerServices {
  const election = cachedFor(1000, (electionId) => onLedger(() => fabric.auditor.getElection(electionId)));
  const turnout = new TurnoutProjector(svc.store, fabric.auditor, svc.logger);
  const elections = new ElectionService({
    store: svc.store,
    admin: fabric.admin,
    organizationLedger: (id) => fabric.organizationLedger(id),
    auditor: fabric.auditor,
    ownMspId: fabric.org.mspId,
    retentionDays: svc.config.retentionDays,
    turnout: (eid) => turnout.turnout(eid),
  });
  const casts = new CastService({ store: svc.store, ledger: fabric.gateway, log: svc.logger, concurrency: svc.config.fabric.castConcurrency, election });
  const spoils = new SpoilService({ store: svc.store, ledger: fabric.gateway, auditor: fabric.auditor, election, context: (e) => casts.context(e) });
  const relay = new KeyholderRelay(fabric);
  return {
    fabric,
    elections,
    casts,
    spoils,
    turnout,
    relay,
    audit: PeerAudit.over(fabric),
    election,
    ledgerTurnout: cachedFor(5000, (electionId) => onLedger(() => fabric.auditor.turnoutCount(electionId))),
    close: async () => {
      await turnout.stop();
      relay.close();
      fabric.close();
    },
  };
}
