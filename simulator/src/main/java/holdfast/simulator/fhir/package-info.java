/**
 * A real HAPI FHIR R4 JPA server on loopback, run in its own JVM from the {@code fhir-server} module, for the
 * demo, the drain bench and the FHIR sink tests. Neither HAPI nor Spring is ever on the node's classpath (nor on
 * the simulator's): the server's classpath is the file that module writes at build time.
 */
package holdfast.simulator.fhir;
