// Worker thread: encrypts ballots (as voters' browsers would) so the load generator does not
// spend its own CPU on them during the timed phase. Uses core's libsodium prover (3× faster than
// the reference; the ballots are the same kind) since only the time to prepare a big fill changes.
import { parentPort, workerData } from 'node:worker_threads';
import { encryptBallot, initFastVerification, type Ballot, type BallotContext } from '@ballotledger/core';

interface Job { readonly context: BallotContext; readonly items: readonly { readonly secret: string; readonly choices: number[][] }[] }

const job = workerData as Job;
await initFastVerification();
const out: { ballot: Ballot; tracker: string }[] = [];
for (const item of job.items) {
  const { ballot, tracker } = encryptBallot(job.context, item.choices, item.secret);
  out.push({ ballot, tracker });
}
parentPort!.postMessage(out);
