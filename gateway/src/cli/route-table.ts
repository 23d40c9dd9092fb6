/**
 * Prints the table of every route (method, path, roles, rate family, summary) as Markdown, from
 * the same definitions the gateway mounts: `npm run docs:routes -w gateway`. docs/api.md holds
 * its output between the route-table markers (a test keeps them in sync).
 */
import { makeHarness } from '../testing/harness.js';
import { stubLedger } from '../testing/stub-ledger.js';
import { ledgerRoutes } from '../routes/ledger-routes.js';
import type { RouteDefinition } from '../http/route.js';
import type { Services } from '../services.js';

export function routeTable(): string {
  const h = makeHarness({ BL_DEV_ROUTES: 'true' }, { routes: (svc: Services) => ledgerRoutes(svc, stubLedger()) });
  const routes = h.app.locals['routes'] as RouteDefinition[];
  const rows = routes.map((r) => {
    const family = r.rateLimit ?? (r.roles.includes('public') ? 'public' : 'api');
    return `| ${r.method.toUpperCase()} | \`${r.path}\` | ${r.roles.join(', ')} | ${family} | ${r.summary.replace(/\|/g, '\\|')} |`;
  });
  h.store.close();
  return ['| method | path | roles | rate family | summary |', '|---|---|---|---|---|', ...rows].join('\n');
}

if (process.argv[1]?.endsWith('route-table.js')) process.stdout.write(`${routeTable()}\n`);
