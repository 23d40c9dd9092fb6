// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module schemas
 * zod 4 schemas of every wire object (version `v: 1`). They check shape only; the parse*
 * functions of each module add the canonical decoding of every point and scalar. The gateway
 * reuses these for request validation and OpenAPI (`z.toJSONSchema`), the chaincode for input
 * checks. Unknown keys are rejected everywhere (strict objects), so a wire object has one form.
 */
import { z } from 'zod';

/** Wire version of every object. */
export const WIRE_VERSION = 1;
const V = z.literal(WIRE_VERSION);

/** base64url (no padding) of exactly 32 bytes: a point, a scalar or a hash. */
export const B64_32 = z.string().regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, 'expected 32 bytes in base64url');
/** base64url (no padding) of any length. */
export const B64 = z.string().regex(/^[A-Za-z0-9_-]*$/, 'expected base64url').max(1 << 20);
/** Identifier: letters, digits and _ . : - (1..64 chars, starting with a letter or digit). */
export const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'expected an identifier');
const Label = z.string().min(1).max(500);
const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const HolderIndex = z.number().int().min(1).max(64);

// ---- proofs -------------------------------------------------------------------------------

/** Schnorr proof of knowledge of x in X = x·G: commitment h = w·G, response u = w + c·x. */
export const SchnorrProofSchema = z.strictObject({ h: B64_32, u: B64_32 });
/** Chaum–Pedersen DLEQ proof: commitments t1 = w·G, t2 = w·A, response z = w + c·x. */
export const DleqProofSchema = z.strictObject({ t1: B64_32, t2: B64_32, z: B64_32 });
/** One branch of a disjunctive proof: commitments A (on G), B (on K), challenge c, response z. */
export const ProofBranchSchema = z.strictObject({ A: B64_32, B: B64_32, c: B64_32, z: B64_32 });
/** Disjunctive (range / allowed-set) proof: one branch per allowed value, in manifest order. */
export const DisjunctiveProofSchema = z.array(ProofBranchSchema).min(1).max(1024);
/** Schnorr signature (R, s) with the credential key. */
export const SignatureSchema = z.strictObject({ R: B64_32, s: B64_32 });

// ---- manifest -----------------------------------------------------------------------------

export const OptionSchema = z.strictObject({
  optionId: Id,
  label: Label,
  minValue: z.number().int().min(0).max(1000),
  maxValue: z.number().int().min(0).max(1000),
});

export const ContestTypeSchema = z.enum(['yesno', 'choice', 'score', 'scale']);

export const ContestSchema = z.strictObject({
  contestId: Id,
  label: Label,
  type: ContestTypeSchema,
  options: z.array(OptionSchema).min(1).max(64),
  minTotal: z.number().int().min(0),
  maxTotal: z.number().int().min(0),
  /** optionId of the abstain/blank option (value 0/1, excludes every other choice), or null. */
  abstainOptionId: Id.nullable(),
});

export const ManifestSchema = z.strictObject({
  v: V,
  electionId: Id,
  title: Label,
  keyCeremony: z.strictObject({ threshold: HolderIndex, holders: HolderIndex }),
  contests: z.array(ContestSchema).min(1).max(100),
});

// ---- ballot -------------------------------------------------------------------------------

export const CiphertextSchema = z.strictObject({ a: B64_32, b: B64_32 });

export const SelectionSchema = z.strictObject({ a: B64_32, b: B64_32, proof: DisjunctiveProofSchema });

export const ContestBallotSchema = z.strictObject({
  contestId: Id,
  selections: z.array(SelectionSchema).min(1).max(64),
  /** Proof that the (weighted) sum of the selections is allowed; null when every sum is. */
  sumProof: DisjunctiveProofSchema.nullable(),
});

export const BallotSchema = z.strictObject({
  v: V,
  electionId: Id,
  ballotId: Id,
  credential: B64_32,
  contests: z.array(ContestBallotSchema).min(1).max(100),
  signature: SignatureSchema,
});

/** Benaloh-challenge reveal of a spoiled ballot: every plaintext value and nonce. */
export const SpoilRevealSchema = z.strictObject({
  v: V,
  ballotId: Id,
  contests: z.array(
    z.strictObject({
      contestId: Id,
      selections: z.array(z.strictObject({ value: Count, nonce: B64_32 })),
    }),
  ),
});

// ---- key ceremony -------------------------------------------------------------------------

export const Round1MessageSchema = z.strictObject({
  v: V,
  electionId: Id,
  holder: HolderIndex,
  /** Feldman commitments K_ij = a_ij·G, j = 0..t-1. */
  commitments: z.array(B64_32).min(1).max(64),
  /** Schnorr proof of knowledge of each a_ij. */
  proofs: z.array(SchnorrProofSchema).min(1).max(64),
  /** Communication public key E_i for receiving shares, with its proof of knowledge. */
  commKey: B64_32,
  commKeyProof: SchnorrProofSchema,
});

export const EncryptedShareSchema = z.strictObject({
  recipient: HolderIndex,
  /** ECIES ephemeral point Y = y·G. */
  ephemeral: B64_32,
  /** AES-256-GCM(P_i(ℓ)) with tag. */
  ciphertext: B64,
});

export const Round2MessageSchema = z.strictObject({
  v: V,
  electionId: Id,
  sender: HolderIndex,
  shares: z.array(EncryptedShareSchema).max(63),
});

export const ComplaintSchema = z.strictObject({
  v: V,
  electionId: Id,
  complainer: HolderIndex,
  accused: HolderIndex,
  /** The ECIES shared point Z = e_ℓ·Y, revealed so anyone can decrypt that one share. */
  sharedPoint: B64_32,
  /** DLEQ proof log_G(E_ℓ) = log_Y(Z). */
  proof: DleqProofSchema,
});

export const CeremonyResultSchema = z.strictObject({
  v: V,
  electionId: Id,
  qualified: z.array(HolderIndex).min(1),
  jointKey: B64_32,
  verificationShares: z.array(z.strictObject({ holder: HolderIndex, share: B64_32 })),
  electionBaseHash: B64_32,
});

export const CeremonyTranscriptSchema = z.strictObject({
  v: V,
  round1: z.array(Round1MessageSchema),
  round2: z.array(Round2MessageSchema),
  complaints: z.array(ComplaintSchema),
  result: CeremonyResultSchema,
});

/** A key holder's secret state (to be sealed with a passphrase, never sent anywhere). */
export const HolderStateSchema = z.strictObject({
  v: V,
  electionId: Id,
  holder: HolderIndex,
  threshold: HolderIndex,
  holders: HolderIndex,
  coefficients: z.array(B64_32),
  commSecret: B64_32,
  /** The holder's final secret share s_ℓ, once the ceremony is complete. */
  secretShare: B64_32.nullable(),
});

export const SealedHolderStateSchema = z.strictObject({
  v: V,
  kdf: z.literal('scrypt'),
  N: z.number().int().min(2),
  r: z.number().int().min(1),
  p: z.number().int().min(1),
  salt: B64,
  nonce: B64,
  ciphertext: B64,
});

// ---- tally --------------------------------------------------------------------------------

export const EncryptedTallySchema = z.strictObject({
  v: V,
  electionId: Id,
  ballotCount: Count,
  contests: z.array(z.strictObject({ contestId: Id, selections: z.array(CiphertextSchema) })),
});

export const DecryptionShareSchema = z.strictObject({
  v: V,
  electionId: Id,
  holder: HolderIndex,
  contests: z.array(
    z.strictObject({
      contestId: Id,
      /** M_ℓ = s_ℓ·A per selection, with a DLEQ proof against S_ℓ. */
      selections: z.array(z.strictObject({ M: B64_32, proof: DleqProofSchema })),
    }),
  ),
});

export const TallyResultSchema = z.strictObject({
  v: V,
  electionId: Id,
  ballotCount: Count,
  contests: z.array(z.strictObject({ contestId: Id, counts: z.array(Count) })),
});

// ---- election record ----------------------------------------------------------------------

export const AnchorSchema = z.strictObject({
  v: V,
  /** What is anchored, e.g. `ballot:<ballotId>`, `ceremony`, `result`. */
  item: z.string().min(1).max(200),
  blockNumber: Count.nullable(),
  txId: z.string().max(200).nullable(),
  /** Private-data hash or block hash as supplied by the exporter. */
  hash: z.string().max(200).nullable(),
});

export const SpoiledBallotSchema = z.strictObject({ v: V, ballot: BallotSchema, reveal: SpoilRevealSchema });

export const ElectionRecordSchema = z.strictObject({
  v: V,
  manifest: ManifestSchema,
  /** base64url SHA-256 of the canonical manifest bytes (domain-separated, see manifest.ts). */
  manifestHash: B64_32,
  ceremony: CeremonyTranscriptSchema,
  /** Registered public credentials, sorted. */
  credentials: z.array(B64_32),
  /** Every cast (counted) ballot. */
  ballots: z.array(BallotSchema),
  /** Ballots spoiled by a Benaloh challenge, with their reveal; never counted. */
  spoiledBallots: z.array(SpoiledBallotSchema),
  tally: EncryptedTallySchema,
  decryptionShares: z.array(DecryptionShareSchema),
  result: TallyResultSchema,
  /** Ledger anchors passed through by the exporter; reported, not checkable offline. */
  anchors: z.array(AnchorSchema),
});

/**
 * Line 1 of the streamed form (`record.ndjson`): the record without `ballots`, with the number of
 * ballot lines that follow it. See docs/protocol.md §8.
 */
export const ElectionRecordHeaderSchema = ElectionRecordSchema.omit({ ballots: true }).extend({ ballotCount: Count });

export type SchnorrProof = z.infer<typeof SchnorrProofSchema>;
export type DleqProof = z.infer<typeof DleqProofSchema>;
export type ProofBranch = z.infer<typeof ProofBranchSchema>;
export type DisjunctiveProof = z.infer<typeof DisjunctiveProofSchema>;
export type Signature = z.infer<typeof SignatureSchema>;
export type ContestOption = z.infer<typeof OptionSchema>;
export type ContestType = z.infer<typeof ContestTypeSchema>;
export type Contest = z.infer<typeof ContestSchema>;
export type Manifest = z.infer<typeof ManifestSchema>;
export type CiphertextWire = z.infer<typeof CiphertextSchema>;
export type Selection = z.infer<typeof SelectionSchema>;
export type ContestBallot = z.infer<typeof ContestBallotSchema>;
export type Ballot = z.infer<typeof BallotSchema>;
export type SpoilReveal = z.infer<typeof SpoilRevealSchema>;
export type Round1Message = z.infer<typeof Round1MessageSchema>;
export type EncryptedShare = z.infer<typeof EncryptedShareSchema>;
export type Round2Message = z.infer<typeof Round2MessageSchema>;
export type Complaint = z.infer<typeof ComplaintSchema>;
export type CeremonyResult = z.infer<typeof CeremonyResultSchema>;
export type CeremonyTranscript = z.infer<typeof CeremonyTranscriptSchema>;
export type HolderState = z.infer<typeof HolderStateSchema>;
export type SealedHolderState = z.infer<typeof SealedHolderStateSchema>;
export type EncryptedTally = z.infer<typeof EncryptedTallySchema>;
export type DecryptionShare = z.infer<typeof DecryptionShareSchema>;
export type TallyResult = z.infer<typeof TallyResultSchema>;
export type Anchor = z.infer<typeof AnchorSchema>;
export type SpoiledBallot = z.infer<typeof SpoiledBallotSchema>;
export type ElectionRecord = z.infer<typeof ElectionRecordSchema>;
export type ElectionRecordHeader = z.infer<typeof ElectionRecordHeaderSchema>;
