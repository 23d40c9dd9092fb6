// The ballot audit of one election on this test network: every organization's peer read with its
// auditor identity (ledger-client `auditBallots`); exit 1 naming the peer when one differs.
//   npm run network:audit-ballots -- <electionId>
import { auditBallots, formatBallotAudit } from '@ballotledger/ledger-client';
import { auditedLedgers } from '@ballotledger/ledger-client/testing/election-driver';
import { createTopology, loadNetworkProfile } from '@ballotledger/test-network';

async function main(electionId: string | undefined): Promise<number> {
  if (!electionId) {
    console.error('usage: npm run network:audit-ballots -- <electionId>');
    return 2;
  }
  const ledgers = auditedLedgers(loadNetworkProfile(createTopology().paths.profile));
  try {
    const result = await auditBallots(ledgers, electionId);
    console.log(formatBallotAudit(result));
    return result.ok ? 0 : 1;
  } finally {
    for (const l of ledgers) l.close();
  }
}

main(process.argv[2]).then((code) => { process.exitCode = code; }, (err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
