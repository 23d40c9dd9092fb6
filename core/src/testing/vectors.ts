// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module testing/vectors
 * Deterministic test vectors for other implementations: every random byte comes from
 * deterministicRng(seed) (SHA-256(seed ‖ u32be counter) stream), consumed in the order the
 * reference implementation draws it. The vectors pin credential derivation, ballot encryption,
 * trackers and a complete small election record.
 */
import { encryptBallot } from '../ballot.js';
import { credentialFromSecret } from '../credential.js';
import { manifestHash } from '../manifest.js';
import { deterministicRng } from '../rng.js';
import { smallManifest } from './fixtures.js';
import { simulateElection } from './simulate-election.js';

/** Seed of the published vectors. */
export const VECTOR_SEED = 'ballotledger-v1 test vectors';

/** Regenerates the published vectors (core/test-vectors/vectors-v1.json). */
export function generateTestVectors(): Record<string, unknown> {
  const manifest = smallManifest('vectors-v1', 2, 3);
  const sim = simulateElection({ manifest, ballots: 3, spoiled: 1, shards: 2, rng: deterministicRng(`${VECTOR_SEED}/election`) });
  const secret = 'AAECAwQFBgcICQoLDA0ODw';
  const cred = credentialFromSecret(manifest.electionId, secret);
  const enc = encryptBallot(sim.context, [[0, 0, 1], [0, 1, 0]], secret, deterministicRng(`${VECTOR_SEED}/ballot`), 'ballot-vector-1');
  return {
    v: 1,
    description: 'BallotLedger core v1 test vectors; see docs/protocol.md. Regenerate: npm run vectors -w core',
    seed: VECTOR_SEED,
    credential: { electionId: manifest.electionId, secret, publicCredential: cred.publicCredential },
    manifestHash: manifestHash(manifest),
    ballot: { choices: [[0, 0, 1], [0, 1, 0]], ballot: enc.ballot, secrets: enc.secrets, tracker: enc.tracker },
    record: sim.record,
  };
}
