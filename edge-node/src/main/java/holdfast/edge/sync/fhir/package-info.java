/**
 * The FHIR R4 upstream: a site whose clinical platform is a FHIR server ({@code upstream.url:
 * fhir+https://host/base}) gets each lane's batches as FHIR transactions. Each event becomes resources with ids
 * derived from its eventId ({@code PUT Type/hf-{eventId}}), so a resend or replay changes nothing; a bad event
 * is isolated by splitting the batch, and its OperationOutcome opens a reconciliation. Built with the node's
 * own Jackson and the JDK's HTTP client: no FHIR library in the node. {@link holdfast.edge.sync.fhir.FhirSink}
 * is the entry point.
 */
package holdfast.edge.sync.fhir;
