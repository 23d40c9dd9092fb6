/**
 * The route-definition helper. One definition declares method, path, roles, request schemas and
 * response; that single object drives body parsing, the role check, CSRF, zod validation,
 * response shaping and the route's OpenAPI entry.
 *
 * ```ts
 * export const turnoutRoute = (svc: Services) => defineRoute({
 *   method: 'get',
 *   path: '/api/admin/elections/:electionId/turnout',
 *   summary: 'Live turnout of an election',
 *   tags: ['admin'],
 *   roles: ['admin', 'orgadmin'],
 *   params: z.object({ electionId: ElectionId }),
 *   response: { schema: Turnout },
 *   handler: async ({ params }) => svc.hooks.turnout(params.electionId),
 * });
 * ```
 *
 * @module
 */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { AuthContext, Role } from '../security/roles.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Each family has its own per-address limit (config `rateLimits`); `none` for ops endpoints. */
export type RateFamily = 'public' | 'voterAuth' | 'staffAuth' | 'api' | 'upload' | 'rollSearch' | 'none';

type Schema = z.ZodType;
type Out<S> = S extends Schema ? z.output<S> : undefined;

export interface RouteContext<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The raw bytes of an `upload` route. */
  readonly upload: Buffer | undefined;
  readonly auth: AuthContext;
  readonly req: Request;
  readonly res: Response;
  readonly log: Logger;
  readonly requestId: string;
}

export interface UploadSpec {
  /** Accepted `Content-Type`s (`*\/*` for any: the handler sniffs the bytes). */
  readonly contentTypes: readonly string[];
  readonly maxBytes: number;
  /** `details` of the 413 error when the upload is too large (e.g. a roll report). */
  readonly tooLargeDetails?: unknown;
}

export interface FileReply {
  readonly data: Buffer | string;
  readonly contentType?: string;
  /** Sent as `Content-Disposition: attachment` (inline if `inline` is set). */
  readonly filename?: string;
  readonly inline?: boolean;
}

interface BaseSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> {
  readonly method: HttpMethod;
  /** Express syntax: `/api/elections/:electionId`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  /** Who may call it; include `public` for no authentication. */
  readonly roles: readonly Role[];
  /** Default: `public` for public routes, `api` otherwise. */
  readonly rateLimit?: RateFamily;
  /** Synchronizer-token check on state-changing methods (default true). Only routes that start a session turn it off. */
  readonly csrf?: boolean;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly upload?: UploadSpec;
  /** Hide from the OpenAPI document (development routes). */
  readonly hidden?: boolean;
}

export interface JsonRouteSpec<
  P extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
  R extends Schema,
> extends BaseSpec<P, Q, B> {
  readonly response: { readonly schema: R; readonly status?: number; readonly description?: string };
  readonly handler: (ctx: RouteContext<Out<P>, Out<Q>, Out<B>>) => Promise<z.input<R>> | z.input<R>;
}

export interface FileRouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined>
  extends BaseSpec<P, Q, B> {
  readonly file: { readonly contentType: string; readonly description?: string };
  readonly handler: (ctx: RouteContext<Out<P>, Out<Q>, Out<B>>) => Promise<FileReply> | FileReply;
}

/** A route with its types erased, as collected by `createApp` and the OpenAPI generator. */
export interface RouteDefinition extends BaseSpec<Schema | undefined, Schema | undefined, Schema | undefined> {
  readonly response?: { readonly schema: Schema; readonly status?: number; readonly description?: string };
  readonly file?: { readonly contentType: string; readonly description?: string };
  readonly handler: (ctx: RouteContext<unknown, unknown, unknown>) => unknown;
}

export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema = Schema,
>(spec: JsonRouteSpec<P, Q, B, R>): RouteDefinition;
export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(spec: FileRouteSpec<P, Q, B>): RouteDefinition;
export function defineRoute(spec: RouteDefinition): RouteDefinition {
  if (spec.body !== undefined && spec.upload !== undefined) throw new Error(`${spec.path}: a route has a JSON body or an upload, not both`);
  if (spec.roles.length === 0) throw new Error(`${spec.path}: roles must not be empty (use ['public'])`);
  if ((spec.response === undefined) === (spec.file === undefined)) throw new Error(`${spec.path}: declare exactly one of response / file`);
  return Object.freeze({ ...spec });
}

export const STATE_CHANGING: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
