import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { routeTable } from './route-table.js';

describe('docs/api.md route table', () => {
  it('lists exactly the routes the gateway mounts (regenerate with npm run docs:routes -w gateway)', () => {
    const doc = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
    const inDoc = /<!-- route-table:start -->\n([\s\S]*?)\n<!-- route-table:end -->/.exec(doc)?.[1];
    expect(inDoc).to.equal(routeTable());
  });
});
