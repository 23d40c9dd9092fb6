// The project pins Node 24 from the npm registry (`node` devDependency); the machine's own
// Node may be older. These tests fail if an npm script would run under another Node.
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';

describe('pinned Node runtime', () => {
  it('runs the test suite under Node 24', () => {
    expect(process.version).to.match(/^v24\./);
  });

  it('runs a script started through npm under Node 24', () => {
    const out = execFileSync('npm', ['run', '--silent', 'node:version'], { encoding: 'utf8' });
    expect(out.trim()).to.match(/^v24\./);
  });

  it('uses the node binary installed from the npm registry', () => {
    expect(process.execPath).to.match(/node_modules\/node\/bin\/node$/);
  });
});
