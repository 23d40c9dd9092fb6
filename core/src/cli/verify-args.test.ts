// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BallotLedgerError } from '../errors.js';
import { deterministicRng } from '../rng.js';
import { smallManifest } from '../testing/fixtures.js';
import { simulateElection } from '../testing/simulate-election.js';
import { parseVerifyArgs } from './verify-args.js';

const CLI = fileURLToPath(new URL('./verify-cli.js', import.meta.url));

describe('ballotledger-verify command line', function () {
  this.timeout(60000);

  it('takes options before or after the file, with a separate or an attached value', () => {
    const want = { kind: 'verify', file: 'record.json', workers: 2, json: false, reference: false };
    expect(parseVerifyArgs(['--workers', '2', 'record.json'])).to.deep.equal(want);
    expect(parseVerifyArgs(['record.json', '--workers', '2'])).to.deep.equal(want);
    expect(parseVerifyArgs(['--workers=2', 'record.json'])).to.deep.equal(want);
    expect(parseVerifyArgs(['--json', '--reference', 'record.json'])).to.deep.equal({ ...want, workers: null, json: true, reference: true });
    expect(parseVerifyArgs(['--', '--odd-name.json'])).to.deep.include({ file: '--odd-name.json' });
    expect(parseVerifyArgs(['-h'])).to.deep.equal({ kind: 'help' });
  });

  it('refuses unknown options, bad values and a missing or second file with InvalidArgument', () => {
    const cases: [string[], string][] = [
      [['--wokers', '2', 'record.json'], 'cli.options'],
      [['--json=yes', 'record.json'], 'cli.options'],
      [['record.json', '--workers'], 'cli.options'],
      [['--workers', 'two', 'record.json'], 'cli.workers'],
      [['--workers=-1', 'record.json'], 'cli.workers'],
      [['--workers', '2'], 'cli.file'],
      [['a.json', 'b.json'], 'cli.file'],
    ];
    for (const [args, check] of cases) {
      expect(() => parseVerifyArgs(args), args.join(' ')).to.throw(BallotLedgerError).that.includes({ code: 'InvalidArgument', check });
    }
  });

  it('exits 2 with the error and the usage on a bad command line, and verifies with --workers N before the file', () => {
    const bad = spawnSync(process.execPath, [CLI, '--frobnicate', 'record.json'], { encoding: 'utf8' });
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.match(/error: .*--frobnicate/).and.match(/usage: ballotledger-verify/);
    expect(bad.stdout).to.equal('');

    const dir = mkdtempSync(join(tmpdir(), 'bl-cli-'));
    const file = join(dir, 'record.json');
    writeFileSync(file, JSON.stringify(simulateElection({ manifest: smallManifest('e-cli'), ballots: 3, rng: deterministicRng('cli') }).record));
    for (const args of [['--workers', '2', file], [`--workers=0`, '--reference', file]]) {
      const ok = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
      expect(ok.status, `${args.join(' ')}: ${ok.stderr}`).to.equal(0);
      expect(ok.stdout).to.match(/VERIFIED: all 18 checks passed \(3 ballots\)/);
    }
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    expect(help.status).to.equal(0);
    expect(help.stdout).to.match(/^usage: ballotledger-verify/);
  });
});
