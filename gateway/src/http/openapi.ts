/**
 * The OpenAPI 3.1 document, generated from the route definitions and the same zod schemas that
 * validate requests (zod 4's `z.toJSONSchema`). Schemas registered with an id
 * (`.meta({ id: 'ElectionId' })`) become `components.schemas` entries.
 *
 * @module
 */
import { z } from 'zod';
import { ErrorBodySchema } from '../errors.js';
import { CSRF_HEADER } from './mount.js';
import type { RouteDefinition } from './route.js';

type Json = Record<string, unknown>;

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly serverUrl?: string;
}

class SchemaCollector {
  readonly components: Record<string, Json> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const js = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
    delete js['$schema'];
    const defs = js['$defs'] as Record<string, Json> | undefined;
    delete js['$defs'];
    if (defs !== undefined) {
      for (const [id, def] of Object.entries(defs)) this.components[id] ??= this.#rewrite(def) as Json;
    }
    return this.#rewrite(js) as Json;
  }

  #rewrite(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((n) => this.#rewrite(n));
    if (node === null || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node as Json)) {
      out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : this.#rewrite(v);
    }
    return out;
  }
}

const toOpenApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parametersOf(c: SchemaCollector, schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (schema === undefined) return [];
  if (!(schema instanceof z.ZodObject)) throw new Error(`${where} schema must be a z.object`);
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const js = c.convert(field, 'input');
    const description = js['description'];
    return {
      name,
      in: where,
      required: where === 'path' || !field.safeParse(undefined).success,
      schema: js,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

export function buildOpenApi(routes: readonly RouteDefinition[], info: OpenApiInfo): Json {
  const c = new SchemaCollector();
  const paths: Record<string, Record<string, Json>> = {};
  const errorRef = { $ref: '#/components/responses/Error' };
  for (const r of routes) {
    if (r.hidden === true) continue;
    const op: Json = {
      summary: r.summary,
      operationId: `${r.method}${r.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      tags: [...(r.tags ?? [])],
      'x-roles': [...r.roles],
      'x-rate-limit': r.rateLimit ?? (r.roles.includes('public') ? 'public' : 'api'),
    };
    if (r.description !== undefined) op['description'] = r.description;
    const parameters = [...parametersOf(c, r.params, 'path'), ...parametersOf(c, r.query, 'query')];
    if (parameters.length > 0) op['parameters'] = parameters;
    if (r.body !== undefined) {
      op['requestBody'] = { required: true, content: { 'application/json': { schema: c.convert(r.body, 'input') } } };
    } else if (r.upload !== undefined) {
      const types = r.upload.contentTypes.includes('*/*') ? ['application/octet-stream'] : r.upload.contentTypes;
      op['requestBody'] = {
        required: true,
        description: `Raw file bytes, at most ${r.upload.maxBytes} bytes.`,
        content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', contentMediaType: t } }])),
      };
    }
    const responses: Json = {};
    if (r.response !== undefined) {
      const status = String(r.response.status ?? 200);
      responses[status] =
        status === '204'
          ? { description: r.response.description ?? 'No content' }
          : { description: r.response.description ?? 'OK', content: { 'application/json': { schema: c.convert(r.response.schema, 'output') } } };
    } else if (r.file !== undefined) {
      responses['200'] = { description: r.file.description ?? 'File', content: { [r.file.contentType]: { schema: { type: 'string' } } } };
    }
    responses['default'] = errorRef;
    op['responses'] = responses;
    if (!r.roles.includes('public')) {
      const staff = r.roles.some((x) => x !== 'voter' && x !== 'voter-session');
      const voter = r.roles.some((x) => x === 'voter' || x === 'voter-session');
      const csrf = ['post', 'put', 'patch', 'delete'].includes(r.method) && r.csrf !== false;
      op['security'] = [
        ...(staff ? [{ staffSession: [], ...(csrf ? { csrfToken: [] } : {}) }] : []),
        ...(voter ? [{ voterSession: [], ...(csrf ? { csrfToken: [] } : {}) }] : []),
      ];
    }
    (paths[toOpenApiPath(r.path)] ??= {})[r.method] = op;
  }
  c.components['Error'] = c.convert(ErrorBodySchema, 'output');
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, ...(info.description === undefined ? {} : { description: info.description }) },
    ...(info.serverUrl === undefined ? {} : { servers: [{ url: info.serverUrl }] }),
    paths,
    components: {
      schemas: c.components,
      responses: {
        Error: {
          description: 'Error (see docs/api.md for the code → status table)',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
      securitySchemes: {
        staffSession: { type: 'apiKey', in: 'cookie', name: 'bl_staff', description: '`__Host-bl_staff` when cookies are Secure' },
        voterSession: { type: 'apiKey', in: 'cookie', name: 'bl_voter', description: '`__Host-bl_voter` when cookies are Secure' },
        csrfToken: { type: 'apiKey', in: 'header', name: CSRF_HEADER, description: 'The session\'s synchronizer token, on every state-changing request' },
      },
    },
  };
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A plain HTML route list (no script, no inline style: it passes the strict CSP). */
export function openApiHtml(routes: readonly RouteDefinition[], title: string): string {
  const rows = routes
    .filter((r) => r.hidden !== true)
    .map((r) => `<tr><td><code>${r.method.toUpperCase()}</code></td><td><code>${esc(r.path)}</code></td><td>${esc(r.summary)}</td><td>${esc(r.roles.join(', '))}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} API</title></head>
<body><h1>${esc(title)} API</h1>
<p>Machine-readable: <a href="/api/docs/openapi.json">OpenAPI 3.1 (JSON)</a>. Conventions: docs/api.md.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Summary</th><th>Roles</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}
