/** Traces: OpenTelemetry spans for ingest, durable append, sync batches and upstream calls, exported over OTLP. */
package holdfast.edge.trace;
