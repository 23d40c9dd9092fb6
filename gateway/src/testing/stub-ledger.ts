/**
 * A ledger that must never be reached: for tests of the layers that run before any handler
 * (roles, CSRF, validation) and for listing the routes.
 */
import type { LedgerServices } from '../ledger/ledger-services.js';

/** A ledger that must never be reached by a refused request. */
export function stubLedger(): LedgerServices {
  const never = new Proxy({}, { get: () => () => Promise.reject(new Error('the ledger was reached')) });
  return {
    fabric: { org: { mspId: 'CentralMSP', name: 'Central' }, profile: { orgs: [], channel: 'elections', chaincode: { name: 'ballot' } }, gateway: never, admin: never, auditor: never, organizationLedger: () => Promise.reject(new Error('the ledger was reached')) },
    elections: never,
    casts: never,
    turnout: Object.assign(never, { on: () => undefined, off: () => undefined }),
    relay: never,
    audit: never,
    election: () => Promise.reject(new Error('the ledger was reached')),
    close: () => Promise.resolve(),
  } as unknown as LedgerServices;
}
