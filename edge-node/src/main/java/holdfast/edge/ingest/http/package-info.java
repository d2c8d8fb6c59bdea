/** Device readings posted over HTTP: parse, hand to the ingest pipeline, answer per contract §4. */
package holdfast.edge.ingest.http;
