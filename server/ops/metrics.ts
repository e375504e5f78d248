// Prometheus metrics (prom-client). One registry per process; features import the metric they
// update. Gauges read from the database are collected at scrape time.
import client from "prom-client";

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: "korrigo_process_" });

export const httpDuration = new client.Histogram({
  name: "korrigo_http_request_duration_seconds",
  help: "HTTP request latency by route",
  labelNames: ["method", "route", "status"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const socketsConnected = new client.Gauge({
  name: "korrigo_sockets_connected",
  help: "Connected Socket.IO clients on this node",
  registers: [registry],
});

/** A gauge that sums, at scrape time, what its sources count (one source per Socket.IO server or
 *  document store in the process); registering a source returns its removal. */
function summedGauge(name: string, help: string): (count: () => number) => () => void {
  const sources = new Set<() => number>();
  new client.Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      let n = 0;
      for (const count of sources) n += count();
      this.set(n);
    },
  });
  return (count) => {
    sources.add(count);
    return () => sources.delete(count);
  };
}

export const countRoomsWith = summedGauge("korrigo_socket_rooms", "Copy rooms with at least one client on this node");

export const countValidatedWith = summedGauge(
  "korrigo_validated_documents",
  "Copies whose validated document (a whole Y.Doc) this node keeps between commits: the copies being written through it",
);

export const updateCommitDuration = new client.Histogram({
  name: "korrigo_update_commit_duration_seconds",
  help: "Time from receiving a copy update to its commit in PostgreSQL (ack latency on the server)",
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  registers: [registry],
});
export const updatesCommitted = new client.Counter({ name: "korrigo_updates_committed_total", help: "Copy updates committed", registers: [registry] });
export const updatesRejected = new client.Counter({
  name: "korrigo_updates_rejected_total",
  help: "Copy updates refused",
  labelNames: ["code"] as const,
  registers: [registry],
});

export const renderDuration = new client.Histogram({
  name: "korrigo_render_duration_seconds",
  help: "Time to render one finalized copy's PDF (building the input, drawing, storing)",
  labelNames: ["outcome"] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [registry],
});
export const renderQueueAge = new client.Histogram({
  name: "korrigo_render_queue_age_seconds",
  help: "How long a render job waited in the queue before a worker started it",
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [registry],
});
export const lockTakeovers = new client.Counter({ name: "korrigo_lock_takeovers_total", help: "Copy locks taken over by a supervisor", registers: [registry] });

export type MetricsJson = Awaited<ReturnType<typeof registry.getMetricsAsJSON>>;
let childMetrics: (() => Promise<MetricsJson | null>) | null = null;

/** ROLE=all: the worker runs in a child process; /metrics adds its figures to this process's. */
export function addChildMetrics(source: (() => Promise<MetricsJson | null>) | null): void {
  childMetrics = source;
}

/** The Prometheus text of this process, plus its worker child's when there is one. */
export async function metricsText(): Promise<string> {
  const child = childMetrics ? await childMetrics().catch(() => null) : null;
  if (!child) return registry.metrics();
  return client.AggregatorRegistry.aggregate([await registry.getMetricsAsJSON(), child]).metrics();
}

type Query = (sql: string) => Promise<{ rows: Array<Record<string, unknown>> }>;
let source: Query | null = null;

/** Where the database-backed gauges read from (the latest server started in this process). */
export function setDatabaseGaugeSource(query: Query): void {
  source = query;
}

// Gauges that read shared state from PostgreSQL at scrape time.
function databaseGauge(name: string, help: string, sql: string): void {
  new client.Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      if (!source) return;
      try {
        const { rows } = await source(sql);
        this.set(Number(rows[0]?.n ?? 0));
      } catch {
        /* database down: the readiness probe reports it */
      }
    },
  });
}
databaseGauge("korrigo_locks_held", "Copy locks currently held (unexpired leases)", `SELECT count(*) AS n FROM "CopyLock" WHERE "expiresAt" > now()`);
databaseGauge("korrigo_jobs_queued", "Jobs waiting or running", `SELECT count(*) AS n FROM graphile_worker.jobs WHERE attempts < max_attempts`);
databaseGauge("korrigo_jobs_failed", "Jobs that exhausted their attempts", `SELECT count(*) AS n FROM graphile_worker.jobs WHERE attempts >= max_attempts`);
databaseGauge(
  "korrigo_notice_emails_waiting",
  "Notice e-mails not yet handed to the mail relay (a growing number: the relay is down)",
  `SELECT count(*) AS n FROM "Notice" WHERE "emailStatus" IN ('QUEUED', 'SENDING')`,
);
databaseGauge(
  "korrigo_notice_emails_failed",
  "Notice e-mails the relay refused for good or that ran out of attempts",
  `SELECT count(*) AS n FROM "Notice" WHERE "emailStatus" = 'FAILED'`,
);
