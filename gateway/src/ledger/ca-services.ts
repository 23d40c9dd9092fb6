/**
 * fabric-ca-client for one CA, each request on its own connection.
 *
 * fabric-ca-client 2.2 adds a `timeout` listener to the socket of every request and never removes
 * it. Node's global agent keeps sockets alive and reuses them, so the listeners, each holding its
 * finished request, pile up on one socket: after a burst of 11 requests Node warns
 * "MaxListenersExceededWarning: … 11 timeout listeners added to [TLSSocket]" (seen in the service
 * desk's integration test, which approves several organizations in a row). The gateway talks to
 * its CA a handful of times (enrollments at first start, one registration per approved
 * organization), so a fresh connection per request costs nothing and leaves nothing behind.
 *
 * @module
 */
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import FabricCAServices from 'fabric-ca-client';

export interface CaEndpoint {
  readonly url: string;
  readonly caName: string;
  readonly tlsCaCert: string | Buffer;
}

type RequestFn = (options: RequestOptions, callback: (response: IncomingMessage) => void) => ClientRequest;

/** A CA that could not be reached (refused, reset, timed out), as opposed to one that answered "no". */
export class CaUnreachableError extends Error {
  readonly caName: string;

  constructor(caName: string, cause: Error) {
    super(`certificate authority ${caName} did not answer: ${cause.message}`, { cause });
    this.name = 'CaUnreachableError';
    this.caName = caName;
  }
}

/**
 * Runs CA requests; a transport failure (fabric-ca-client's "Calling <api> endpoint failed …")
 * becomes a CaUnreachableError, a refusal by the CA stays what it was.
 */
export async function reachCa<T>(caName: string, requests: () => Promise<T>): Promise<T> {
  try {
    return await requests();
  } catch (err) {
    if (err instanceof Error && /^Calling \S+ endpoint failed/.test(err.message)) throw new CaUnreachableError(caName, err);
    throw err;
  }
}

export function caServices(ca: CaEndpoint): FabricCAServices {
  const services = new FabricCAServices(ca.url, { trustedRoots: [ca.tlsCaCert.toString()], verify: true }, ca.caName);
  const client = (services as unknown as { _fabricCAClient?: { _httpClient?: { request: RequestFn } } })._fabricCAClient;
  const transport = client?._httpClient;
  if (!client || !transport) throw new Error('fabric-ca-client has no _fabricCAClient._httpClient any more: see gateway/src/ledger/ca-services.ts');
  client._httpClient = { request: (options, callback) => transport.request({ ...options, agent: false }, callback) };
  return services;
}
