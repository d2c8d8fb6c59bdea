/**
 * Who sends HL7: every sending application and facility (MSH-3, MSH-4) seen on the MLLP listener, with its
 * connections now, when it last sent, how its messages were answered (AA/AE/AR) and its last refusal as a
 * reason code. A lab system that quietly stops sending is as much news as a silent monitor, so a sender silent
 * for longer than its own normal gap, during hours it normally sends, counts on the status and raises an operator
 * alert. Kept in memory only: cheap, and learnt again after a restart.
 */
package holdfast.edge.senders;
