// Integration tests against the real native network (Fabric 3.1.5, SmartBFT). They run whenever
// the binaries are available and fail on real failures; when the Go module proxy refused the
// Fabric binaries they are skipped, loudly, with that reason.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { ordererChannelInfo } from './admin.js';
import { compareNetwork, formatComparison } from './compare.js';
import { ensureNetworkOrSkip, killNode, type EnsureResult } from './ensure.js';
import { newGatewayConnection, type GatewayConnection } from './gateway.js';
import { down, status, up } from './network.js';
import { httpGet, waitFor } from './proc.js';
import { createTopology, getOrg, type OrgTopology } from './topology.js';

const utf8 = new TextDecoder();
const quiet = () => undefined;

async function peerHeights(): Promise<number[]> {
  const s = await status();
  return s.nodes.filter((n) => n.kind === 'peer').map((n) => n.height ?? -1);
}

async function leaderId(org: OrgTopology): Promise<number> {
  const r = await httpGet(`http://${org.orderer.host}:${org.orderer.operationsPort}/metrics`);
  const m = /^consensus_smartbft_view_leader_id\{channel="elections"\} (\d+)/m.exec(r.body);
  if (!m) throw new Error('no consensus_smartbft_view_leader_id metric');
  return Number(m[1]);
}

describe('real Fabric network (integration)', function () {
  this.timeout(600_000);
  let net: EnsureResult | undefined;
  let central: GatewayConnection | undefined;
  let startHeight = 0;
  let submitted = 0;

  before(async function () {
    const t0 = performance.now();
    net = await ensureNetworkOrSkip(() => this.skip());
    console.log(`      network ${net.startedByThisCall ? 'started' : 'reused'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    central = newGatewayConnection('Central', 'electionadmin', { profile: net.profile });
    startHeight = Math.min(...(await peerHeights()));
  });

  after(async function () {
    central?.close();
    if (net) {
      const end = Math.min(...(await peerHeights()));
      console.log(`      figures: ${submitted} transactions submitted and committed; ${end - startHeight} blocks (height ${startHeight} → ${end})`);
      await net.teardown();
    }
  });

  /** A small public transaction of the real contract (a blackout period with a unique id). */
  async function submit(conn: GatewayConnection, label: string): Promise<{ ms: number }> {
    const t0 = performance.now();
    const blackout = { v: 1, blackoutId: `${label}-${randomBytes(6).toString('hex')}`, from: '2000-01-01T00:00:00.000Z', to: '2000-01-02T00:00:00.000Z', reason: 'network test' };
    await conn.contract().submit('DeclareBlackout', { arguments: [JSON.stringify(blackout)] });
    submitted++;
    return { ms: performance.now() - t0 };
  }

  it('answers Info through the gateway', async () => {
    const info = JSON.parse(utf8.decode(await central!.contract().evaluateTransaction('Info'))) as Record<string, string>;
    expect(info).to.have.property('name', 'ballot');
  });

  it('commits a transaction endorsed by a majority and every peer serves it', async () => {
    const { ms } = await submit(central!, 'commit');
    console.log(`      submit → committed in ${ms.toFixed(0)} ms`);
    for (const org of ['Central', 'Seoul', 'Busan', 'Observer']) {
      const conn = newGatewayConnection(org, 'auditor', { profile: net!.profile });
      try {
        const list = await waitFor(`${org} sees the blackout`, async () => {
          const all = JSON.parse(utf8.decode(await conn.contract().evaluate('ListBlackouts'))) as { blackoutId: string }[];
          return all.some((b) => b.blackoutId.startsWith('commit-')) ? all : undefined;
        }, 20_000, 500);
        expect(list.length).to.be.greaterThan(0);
      } finally {
        conn.close();
      }
    }
  });

  it('refuses bad input and a caller without the right role with coded errors, and changes nothing', async () => {
    const refusal = async (conn: GatewayConnection, arg: string): Promise<string> => {
      try {
        await conn.contract().submit('DeclareBlackout', { arguments: [arg] });
      } catch (e) {
        return JSON.stringify((e as { details?: unknown }).details ?? (e as Error).message);
      }
      throw new Error('expected a refusal');
    };
    expect(await refusal(central!, '{not json')).to.match(/\[BadRequest\]/);
    const gateway = newGatewayConnection('Central', 'gateway', { profile: net!.profile });
    try {
      const blackout = { v: 1, blackoutId: 'by-gateway', from: '2000-01-01T00:00:00.000Z', to: '2000-01-02T00:00:00.000Z', reason: 'x' };
      expect(await refusal(gateway, JSON.stringify(blackout))).to.match(/\[Forbidden\]/);
    } finally {
      gateway.close();
    }
    const all = JSON.parse(utf8.decode(await central!.contract().evaluate('ListBlackouts'))) as { blackoutId: string }[];
    expect(all.map((b) => b.blackoutId)).to.not.include('by-gateway');
  });

  it('every peer holds the same ledger (cross-node comparison)', async () => {
    const result = await compareNetwork({ profile: net!.profile });
    console.log(formatComparison(result).replace(/^/gm, '      '));
    expect(result.ok, result.mismatches.map((m) => m.message).join('\n')).to.equal(true);
    expect(result.rows).to.have.length(4);
  });

  it('keeps committing with one orderer killed (kill -9); the restarted orderer catches up and all peers agree', async () => {
    const topology = createTopology();
    const leader = await leaderId(getOrg(topology, 'Central'));
    // kill a follower: the BFT network (n=4, f=1) must stay live without a view change
    const victim = [...topology.orgs].reverse().find((o) => o.orderer.consenterId !== leader)!;
    const pid = killNode(victim.name, 'orderer', 'SIGKILL', topology);
    expect(pid, `${victim.name} orderer should be running`).to.be.a('number');
    console.log(`      killed ${victim.name} orderer (consenter ${victim.orderer.consenterId}, pid ${pid}); leader is consenter ${leader}`);
    await waitFor('orderer process gone', async () => ((await status({ topology })).nodes.find((n) => n.id === `${victim.slug}-orderer`)?.pid === undefined ? true : undefined), 10_000);

    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { ms } = await submit(central!, `fault-${i}`);
      times.push(ms);
    }
    console.log(`      3 transactions committed with ${victim.name} orderer down: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);

    const t0 = performance.now();
    const report = await up({ topology, log: quiet });
    expect(report.started).to.deep.equal([`${victim.slug}-orderer`]);
    const target = Math.max(...(await peerHeights()));
    await waitFor(`${victim.name} orderer catches up to height ${target}`, async () => {
      const info = await ordererChannelInfo(topology, victim);
      return info && info.height >= target ? true : undefined;
    }, 120_000, 500);
    console.log(`      ${victim.name} orderer restarted and caught up to height ${target} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // and it takes part again: one more transaction, every orderer reaches the new height
    await submit(central!, 'after-restart');
    const after = Math.max(...(await peerHeights()));
    await waitFor('all orderers at the peers\' height', async () => {
      const hs = await Promise.all(topology.orgs.map(async (o) => (await ordererChannelInfo(topology, o))?.height ?? -1));
      return hs.every((h) => h === after) ? true : undefined;
    }, 60_000, 500);

    const result = await compareNetwork({ profile: net!.profile });
    expect(result.ok, result.mismatches.map((m) => m.message).join('\n')).to.equal(true);
    const s = await status({ topology });
    expect(s.healthy, 'all nodes healthy after the restart').to.equal(true);
  });
  it('survives a kill -9 of the SmartBFT leader: a view change elects another leader, and the old one catches up', async () => {
    const topology = createTopology();
    const probeOrg = getOrg(topology, 'Seoul');
    const leader = await leaderId(probeOrg);
    const victim = topology.orgs.find((o) => o.orderer.consenterId === leader)!;
    const otherOrg = topology.orgs.find((o) => o.name !== victim.name)!;
    const pid = killNode(victim.name, 'orderer', 'SIGKILL', topology);
    expect(pid).to.be.a('number');
    const conn = newGatewayConnection(otherOrg.name, 'electionadmin', { profile: net!.profile });
    try {
      // the first transaction waits for the view change (RequestComplainTimeout 20 s), then commits
      const first = await submit(conn, 'leader-view-change');
      const second = await submit(conn, 'leader-new');
      const newLeader = await leaderId(otherOrg);
      console.log(`      killed leader ${victim.name} (consenter ${leader}); first commit after ${(first.ms / 1000).toFixed(1)} s (view change), next in ${second.ms.toFixed(0)} ms; new leader consenter ${newLeader}`);
      expect(newLeader).to.not.equal(leader);
    } finally {
      conn.close();
    }
    await up({ topology, log: quiet });
    const target = Math.max(...(await peerHeights()));
    await waitFor(`${victim.name} orderer catches up to ${target}`, async () => ((await ordererChannelInfo(topology, victim))?.height ?? 0) >= target ? true : undefined, 120_000, 500);
    const result = await compareNetwork({ profile: net!.profile });
    expect(result.ok, result.mismatches.map((m) => m.message).join('\n')).to.equal(true);
    expect((await status({ topology })).healthy).to.equal(true);
  });

  it('`down` without --wipe, then `up`, resumes the same ledger: same height and chain, earlier transactions still there, new ones commit', async () => {
    const topology = createTopology();
    const blackoutId = `resume-${randomBytes(6).toString('hex')}`;
    await central!.contract().submit('DeclareBlackout', { arguments: [JSON.stringify({ v: 1, blackoutId, from: '2000-02-01T00:00:00.000Z', to: '2000-02-02T00:00:00.000Z', reason: 'resume test' })] });
    submitted++;
    const before = await compareNetwork({ profile: net!.profile });
    expect(before.ok).to.equal(true);
    const stopped = await down({ topology, log: quiet });
    expect(stopped.length, 'every node stopped').to.be.at.least(12);
    expect((await status({ topology })).nodes.filter((n) => n.pid !== undefined).map((n) => n.id), 'nothing left running').to.deep.equal([]);
    const t0 = performance.now();
    await up({ topology, log: quiet });
    console.log(`      resumed in ${((performance.now() - t0) / 1000).toFixed(1)} s at height ${before.comparedHeight}`);
    const after = await compareNetwork({ profile: net!.profile });
    expect(after.ok, formatComparison(after)).to.equal(true);
    expect(after.comparedHeight, 'no block lost').to.be.at.least(before.comparedHeight);
    const listed = JSON.parse(utf8.decode(await central!.contract().evaluate('ListBlackouts'))) as { blackoutId: string }[];
    expect(listed.map((b) => b.blackoutId)).to.include(blackoutId);
    await submit(central!, 'after-resume');
    expect((await status({ topology })).healthy).to.equal(true);
  });
});
