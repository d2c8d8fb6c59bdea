/**
 * A simulated hospital HL7 feed over MLLP (HAPI's client): ADT census changes, ORU results with some
 * critical values, DFT charges. Synthetic data only.
 */
package holdfast.simulator.hl7;
