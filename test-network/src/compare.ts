// Cross-node ledger comparison: every peer is asked separately (qscc through that org's own
// gateway connection) for its chain info and every block; block header hashes, the commit hash
// (block metadata index 4) and the transaction validation flags (index 2) must agree.
import { createHash } from 'node:crypto';
import type { Contract } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { newGatewayConnection } from './gateway.js';
import { loadNetworkProfile, orgProfile, type NetworkProfile } from './profile.js';

export const METADATA_TRANSACTIONS_FILTER = 2;
export const METADATA_COMMIT_HASH = 4;

/** What one peer says about one block (hex strings). */
export interface BlockDigest {
  readonly number: number;
  readonly headerHash: string;
  readonly previousHash: string;
  readonly dataHash: string;
  /** Whether the block's data hashes to dataHash (SHA-256 of the concatenated envelopes). */
  readonly dataHashValid: boolean;
  /** Metadata index 4 (the peer's commit hash), '' if absent. */
  readonly commitHash: string;
  /** Metadata index 2 (one validation code per transaction), hex. */
  readonly txFilter: string;
  readonly txCount: number;
}

export interface PeerLedger {
  readonly peer: string;
  readonly height: number;
  readonly currentBlockHash: string;
  readonly blocks: readonly BlockDigest[];
}

export type MismatchField = 'height' | 'headerHash' | 'commitHash' | 'txFilter' | 'chain' | 'data';

export interface Mismatch {
  readonly peer: string;
  /** Block number (for 'height': the peer's height). */
  readonly height: number;
  readonly field: MismatchField;
  readonly expected: string;
  readonly actual: string;
  readonly message: string;
}

export interface ComparisonRow {
  readonly peer: string;
  readonly height: number;
  readonly currentBlockHash: string;
  readonly lastCommitHash: string;
  readonly validTx: number;
  readonly invalidTx: number;
  readonly ok: boolean;
}

export interface ComparisonResult {
  readonly ok: boolean;
  /** Blocks compared on every peer: 0 .. comparedHeight-1. */
  readonly comparedHeight: number;
  readonly mismatches: readonly Mismatch[];
  readonly rows: readonly ComparisonRow[];
}

// ---------------------------------------------------------------- pure parts

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function derTlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(value.length), value]);
}
function derUnsignedInteger(n: bigint): Buffer {
  const bytes: number[] = [];
  for (let v = n; v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
  if (bytes.length === 0 || (bytes[0]! & 0x80) !== 0) bytes.unshift(0);
  return derTlv(0x02, Buffer.from(bytes));
}

/** Fabric's block header hash: SHA-256 of DER SEQUENCE { INTEGER number, OCTET STRING previousHash, OCTET STRING dataHash }. */
export function blockHeaderHash(number: bigint | number, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
  const der = derTlv(0x30, Buffer.concat([derUnsignedInteger(BigInt(number)), derTlv(0x04, Buffer.from(previousHash)), derTlv(0x04, Buffer.from(dataHash))]));
  return createHash('sha256').update(der).digest();
}

const VALID = 0;

function countTx(filterHex: string): { valid: number; invalid: number } {
  const bytes = Buffer.from(filterHex, 'hex');
  let valid = 0;
  for (const b of bytes) if (b === VALID) valid++;
  return { valid, invalid: bytes.length - valid };
}

/** Picks the value most peers report (ties: the first in peer order). */
function consensus(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0] ?? '';
  for (const v of values) if ((counts.get(v) ?? 0) > (counts.get(best) ?? 0)) best = v;
  return best;
}

export interface CompareOptions {
  /** Treat different heights as a mismatch (default true). */
  requireEqualHeights?: boolean;
}

/** What is wrong with one block of a peer's own chain, if anything. */
export interface BlockFault {
  readonly field: 'data' | 'chain';
  readonly expected: string;
  readonly actual: string;
  /** Names the block, not the peer. */
  readonly reason: string;
}

/**
 * Checks a block against its own header and its predecessor: its data must hash to the header's
 * data_hash, and its previous_hash must be the header hash of the block before
 * (`previousHeaderHash`; '' before the genesis block; undefined when that block is not at hand).
 */
export function blockFault(b: BlockDigest, previousHeaderHash: string | undefined): BlockFault | undefined {
  if (!b.dataHashValid) {
    return { field: 'data', expected: b.dataHash, actual: '(other data)', reason: `block ${b.number} data does not hash to its header's data_hash` };
  }
  if (previousHeaderHash !== undefined && previousHeaderHash !== b.previousHash) {
    return {
      field: 'chain', expected: previousHeaderHash, actual: b.previousHash,
      reason: b.number === 0 ? 'block 0 names a previous block' : `block ${b.number} previous_hash does not match the hash of block ${b.number - 1}`,
    };
  }
  return undefined;
}

/** Compares what the peers report. Pure: no I/O. */
export function compareLedgers(ledgers: readonly PeerLedger[], options: CompareOptions = {}): ComparisonResult {
  const requireEqualHeights = options.requireEqualHeights ?? true;
  const mismatches: Mismatch[] = [];
  const add = (m: Omit<Mismatch, 'message'>, message: string) => mismatches.push({ ...m, message });

  // Each peer's own chain must be consistent: block data, hash links and currentBlockHash.
  for (const l of ledgers) {
    const byNumber = new Map(l.blocks.map((b) => [b.number, b]));
    for (const b of l.blocks) {
      const fault = blockFault(b, b.number === 0 ? '' : byNumber.get(b.number - 1)?.headerHash);
      if (fault) add({ peer: l.peer, height: b.number, field: fault.field, expected: fault.expected, actual: fault.actual }, `${l.peer}: ${fault.reason}`);
    }
    const last = byNumber.get(l.height - 1);
    if (last && l.currentBlockHash && last.headerHash !== l.currentBlockHash) {
      add({ peer: l.peer, height: l.height - 1, field: 'chain', expected: last.headerHash, actual: l.currentBlockHash },
        `${l.peer}: chain info currentBlockHash differs from the hash of its block ${l.height - 1}`);
    }
  }

  const heights = ledgers.map((l) => l.height);
  const commonHeight = heights.length ? Math.min(...heights) : 0;
  if (requireEqualHeights) {
    const h = consensus(heights.map(String));
    for (const l of ledgers) {
      if (String(l.height) !== h) {
        add({ peer: l.peer, height: l.height, field: 'height', expected: h, actual: String(l.height) },
          `${l.peer}: height ${l.height}, the other peers are at ${h}`);
      }
    }
  }

  for (let n = 0; n < commonHeight; n++) {
    const blocks = ledgers.map((l) => l.blocks.find((b) => b.number === n));
    for (const field of ['headerHash', 'commitHash', 'txFilter'] as const) {
      const values = blocks.map((b) => (b ? b[field] : '<missing>'));
      const expected = consensus(values);
      ledgers.forEach((l, i) => {
        if (values[i] !== expected) {
          add({ peer: l.peer, height: n, field, expected, actual: values[i] ?? '' },
            `${l.peer}: block ${n} ${field} ${short(values[i] ?? '')} differs from ${short(expected)} (majority)`);
        }
      });
    }
  }

  const bad = new Set(mismatches.map((m) => m.peer));
  const rows = ledgers.map((l): ComparisonRow => {
    const totals = l.blocks.reduce((acc, b) => {
      const c = countTx(b.txFilter);
      return { valid: acc.valid + c.valid, invalid: acc.invalid + c.invalid };
    }, { valid: 0, invalid: 0 });
    const last = l.blocks.find((b) => b.number === l.height - 1);
    return {
      peer: l.peer, height: l.height, currentBlockHash: l.currentBlockHash, lastCommitHash: last?.commitHash ?? '',
      validTx: totals.valid, invalidTx: totals.invalid, ok: !bad.has(l.peer),
    };
  });
  return { ok: mismatches.length === 0, comparedHeight: commonHeight, mismatches, rows };
}

function short(hex: string): string {
  return hex.length > 16 ? `${hex.slice(0, 16)}…` : hex || '(empty)';
}

export function formatComparison(result: ComparisonResult): string {
  const header = ['peer', 'height', 'current block hash', 'last commit hash', 'valid tx', 'invalid tx', 'ok'];
  const rows = result.rows.map((r) => [r.peer, String(r.height), short(r.currentBlockHash), short(r.lastCommitHash), String(r.validTx), String(r.invalidTx), r.ok ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  out.push('');
  if (result.ok) {
    out.push(`OK: ${result.rows.length} peers agree on all ${result.comparedHeight} blocks (header hash, commit hash, tx validation flags).`);
  } else {
    out.push(`MISMATCH (${result.mismatches.length}):`);
    for (const m of result.mismatches.slice(0, 50)) out.push(`  - ${m.message}`);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------- decoding

export function digestBlock(blockBytes: Uint8Array): BlockDigest {
  const block = common.Block.deserializeBinary(blockBytes);
  const header = block.getHeader();
  if (!header) throw new Error('block without header');
  const number = header.getNumber();
  const previousHash = header.getPreviousHash_asU8();
  const dataHash = header.getDataHash_asU8();
  const data = block.getData()?.getDataList_asU8() ?? [];
  const computedDataHash = createHash('sha256').update(Buffer.concat(data)).digest();
  const metadata = block.getMetadata()?.getMetadataList_asU8() ?? [];
  const commitMeta = metadata[METADATA_COMMIT_HASH];
  const commitHash = commitMeta && commitMeta.length > 0 ? Buffer.from(common.Metadata.deserializeBinary(commitMeta).getValue_asU8()).toString('hex') : '';
  const txFilter = Buffer.from(metadata[METADATA_TRANSACTIONS_FILTER] ?? new Uint8Array()).toString('hex');
  return {
    number,
    headerHash: blockHeaderHash(number, previousHash, dataHash).toString('hex'),
    previousHash: Buffer.from(previousHash).toString('hex'),
    dataHash: Buffer.from(dataHash).toString('hex'),
    dataHashValid: computedDataHash.equals(dataHash),
    commitHash, txFilter,
    txCount: data.length,
  };
}

export interface FetchOptions {
  profile?: NetworkProfile;
  /** Identity used per org to query its own peer (default 'auditor'). */
  identity?: string;
  /** First block to fetch (default 0). */
  fromBlock?: number;
}

/** A peer's chain info: its height and the hashes of its last two blocks (hex). */
export interface ChainInfo {
  readonly height: number;
  readonly currentBlockHash: string;
  readonly previousBlockHash: string;
}

/** Reads one peer's ledger: chain info and the digest of any block. */
export interface PeerReader {
  /** `<org>@<address>`, as mismatches name the peer. */
  readonly peer: string;
  chainInfo(): Promise<ChainInfo>;
  block(number: number): Promise<BlockDigest>;
}

/**
 * A PeerReader over a qscc contract reached through a connection to one peer, whose org is
 * `mspId`. Every read targets that org: otherwise the peer's gateway answers a read it cannot
 * serve itself (e.g. while its ledger is rebuilt) from another org's peer, under this peer's name.
 */
export function qsccReader(peer: string, qscc: Contract, channel: string, mspId: string): PeerReader {
  const read = async (name: string, ...args: string[]): Promise<Uint8Array> => qscc.evaluate(name, { arguments: args, endorsingOrganizations: [mspId] });
  return {
    peer,
    async chainInfo(): Promise<ChainInfo> {
      const info = common.BlockchainInfo.deserializeBinary(await read('GetChainInfo', channel));
      return {
        height: info.getHeight(),
        currentBlockHash: Buffer.from(info.getCurrentblockhash_asU8()).toString('hex'),
        previousBlockHash: Buffer.from(info.getPreviousblockhash_asU8()).toString('hex'),
      };
    },
    async block(number: number): Promise<BlockDigest> {
      return digestBlock(await read('GetBlockByNumber', channel, String(number)));
    },
  };
}

/** A reader of one org's peer (and only it), named `<org>@<address>`, over that org's own connection; close it when done. */
export function openPeerReader(org: string, options: Pick<FetchOptions, 'profile' | 'identity'> = {}): { reader: PeerReader; close(): void } {
  const profile = options.profile ?? loadNetworkProfile();
  const conn = newGatewayConnection(org, options.identity ?? 'auditor', { profile });
  return { reader: qsccReader(`${org}@${conn.peerAddress}`, conn.network().getContract('qscc'), profile.channel, orgProfile(profile, org).mspId), close: () => conn.close() };
}

/** Asks one org's peer (and only it) for its chain info and blocks. */
export async function fetchPeerLedger(org: string, options: FetchOptions = {}): Promise<PeerLedger> {
  const { reader, close } = openPeerReader(org, options);
  try {
    const { height, currentBlockHash } = await reader.chainInfo();
    const blocks: BlockDigest[] = [];
    for (let n = options.fromBlock ?? 0; n < height; n++) blocks.push(await reader.block(n));
    return { peer: reader.peer, height, currentBlockHash, blocks };
  } finally {
    close();
  }
}

/** A peer to compare: how to read it, and the chain info it gave (one moment for the whole check). */
export interface PeerAtHeight {
  readonly reader: PeerReader;
  readonly info: ChainInfo;
}

/**
 * Compares the peers at their last common block only, and on a difference bisects to the first
 * block where they differ. Enough because both hashes chain: a block header names the previous
 * block's header hash, and a commit hash covers the previous commit hash (and the block's
 * validation flags and state updates), so peers that agree on block h agree on every block
 * before it. Reads one block per peer when they agree, about log2(height) when not. Agreement
 * on the headers says nothing about the data of earlier blocks: `compareNetwork` (the CLI's full
 * walk) and ChainVerifier check every block's data against its header.
 */
export async function compareAtCommonHeight(peers: readonly PeerAtHeight[], options: CompareOptions = {}): Promise<ComparisonResult> {
  const commonHeight = peers.length ? Math.min(...peers.map((p) => p.info.height)) : 0;
  const read = peers.map(() => new Map<number, BlockDigest>());
  const digestsAt = (n: number): Promise<BlockDigest[]> => Promise.all(peers.map(async ({ reader }, i) => {
    const cached = read[i]!.get(n);
    if (cached) return cached;
    const digest = await reader.block(n);
    read[i]!.set(n, digest);
    return digest;
  }));
  const agreeAt = async (n: number): Promise<boolean> => {
    const [first, ...rest] = await digestsAt(n);
    return rest.every((d) => d.headerHash === first!.headerHash && d.commitHash === first!.commitHash && d.txFilter === first!.txFilter);
  };
  // The blocks handed to compareLedgers: the last common one when the peers agree there, else
  // the first one that differs and its predecessor (whose hash it must link to).
  let compared: number[] = [];
  if (commonHeight > 0) {
    compared = [commonHeight - 1];
    if (!(await agreeAt(commonHeight - 1))) {
      let lo = 0;
      let hi = commonHeight - 1; // invariant: the peers differ at hi and agree below lo
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (await agreeAt(mid)) lo = mid + 1;
        else hi = mid;
      }
      compared = hi > 0 ? [hi - 1, hi] : [hi];
      await digestsAt(compared[0]!);
    }
  }
  return compareLedgers(peers.map(({ reader, info }, i): PeerLedger => ({
    peer: reader.peer, height: info.height, currentBlockHash: info.currentBlockHash,
    blocks: compared.map((n) => read[i]!.get(n)!),
  })), options);
}

/**
 * Fetches every peer's ledger and compares them. When heights differ (a block in flight), it
 * re-reads for up to `settleMs` before reporting a height mismatch.
 */
export async function compareNetwork(options: FetchOptions & CompareOptions & { settleMs?: number } = {}): Promise<ComparisonResult> {
  const profile = options.profile ?? loadNetworkProfile();
  const deadline = Date.now() + (options.settleMs ?? 10_000);
  for (;;) {
    const ledgers = await Promise.all(profile.orgs.map((o) => fetchPeerLedger(o.name, { ...options, profile })));
    const result = compareLedgers(ledgers, options);
    const onlyHeights = !result.ok && result.mismatches.every((m) => m.field === 'height');
    if (!onlyHeights || Date.now() > deadline) return result;
    await new Promise((r) => setTimeout(r, 500));
  }
}
