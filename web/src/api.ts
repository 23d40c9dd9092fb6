// Fetch wrapper for the gateway API: JSON in and out, the session's CSRF token on every
// state-changing request, and one error type carrying the gateway's error code.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  /** True when the request never got an answer (offline, DNS, connection reset). */
  get network(): boolean {
    return this.status === 0;
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** Raw bytes (roll and photo uploads). */
  readonly raw?: Blob | ArrayBuffer;
  readonly contentType?: string;
  readonly signal?: AbortSignal;
  /** Extra request headers (e.g. an application's access code). */
  readonly headers?: Readonly<Record<string, string>>;
}

async function parseError(res: Response): Promise<ApiError> {
  let code = 'Internal';
  let message = res.statusText || `HTTP ${res.status}`;
  let details: Record<string, unknown> = {};
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
    if (body.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
      details = body.error.details ?? {};
    }
  } catch {
    // not JSON
  }
  const ra = res.headers.get('retry-after');
  const fromDetails = typeof details['retryAfterSeconds'] === 'number' ? (details['retryAfterSeconds'] as number) : null;
  const retryAfter = ra !== null && /^\d+$/.test(ra) ? Number(ra) : fromDetails;
  return new ApiError(res.status, code, message, details, retryAfter);
}

/**
 * fetch on this origin, never cached: a network failure is ApiError 'Network' (an abort stays an
 * AbortError), an error status the gateway's ApiError.
 */
async function send(path: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'Network', (e as Error).message);
  }
  if (!res.ok) throw await parseError(res);
  return res;
}

export async function api<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
  let body: BodyInit | undefined;
  if (opts.raw !== undefined) {
    body = opts.raw;
    headers['content-type'] = opts.contentType ?? 'application/octet-stream';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  const res = await send(path, { method, headers, body, signal: opts.signal });
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('application/json')) return (await res.json()) as T;
  return (await res.text()) as T;
}

/** Same as {@link api} but also returns the HTTP status (the ballot route needs 201). */
export async function apiWithStatus<T>(method: string, path: string, opts: RequestOptions = {}): Promise<{ status: number; data: T }> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
  if (csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  const res = await send(path, { method, headers, body: JSON.stringify(opts.body) });
  return { status: res.status, data: (await res.json()) as T };
}

export const get = <T>(path: string, signal?: AbortSignal): Promise<T> => api<T>('GET', path, signal ? { signal } : {});
export const post = <T>(path: string, body?: unknown): Promise<T> => api<T>('POST', path, body === undefined ? {} : { body });
export const put = <T>(path: string, body?: unknown): Promise<T> => api<T>('PUT', path, { body });

export const enc = encodeURIComponent;

/** A streamed route (the record's record.ndjson): its body, read as it arrives; a refusal is an ApiError. */
export async function getStream(path: string): Promise<ReadableStream<Uint8Array<ArrayBuffer>>> {
  const res = await send(path, {});
  if (res.body === null) throw new ApiError(res.status, 'Internal', 'The answer has no body.');
  return res.body;
}

/** A file route (CSV, PDF, a document): the bytes, and the name from Content-Disposition. */
export async function getFile(path: string): Promise<{ blob: Blob; filename: string | null }> {
  const res = await send(path, {});
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(cd)?.[1];
  let filename: string | null = null;
  try {
    filename = star !== undefined ? decodeURIComponent(star) : (plain ?? null);
  } catch {
    filename = plain ?? null;
  }
  return { blob: await res.blob(), filename };
}
