/**
 * Transport security of the node's listeners (HTTP API and MLLP): the {@code *.tls.*} settings, loading the
 * ward's PKCS#12 keystore (and, for client certificates, a trust store) once at start-up, and handing each
 * listener a ready {@link holdfast.edge.tls.ServerTls}. A keystore that cannot be used stops start-up with a
 * message naming the configuration key. Plain loopback (TLS off) stays the default for the demo.
 */
package holdfast.edge.tls;
