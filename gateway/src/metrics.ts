/**
 * Prometheus metrics (prom-client) on a registry per app: HTTP request counts and durations by
 * route pattern (never the raw URL: no tokens, bounded cardinality), process defaults, and
 * {@link Metrics.register} for later modules (Fabric submit/commit counters, projector lag…).
 *
 * @module
 */
import { Counter, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Registers a metric created by another module (`new Counter({ name, help, registers: [] })`). */
  register<T extends Metric>(metric: T): T;
}

export function createMetrics(options: Readonly<{ defaults?: boolean }> = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'gateway' });
  if (options.defaults !== false) collectDefaultMetrics({ register: registry, prefix: 'ballotledger_gateway_' });
  const httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    httpRequests,
    httpDuration,
    register<T extends Metric>(metric: T): T {
      registry.registerMetric(metric);
      return metric;
    },
  };
}
