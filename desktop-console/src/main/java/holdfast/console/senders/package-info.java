/** Every HL7 sender a node knows, silent first: connections, last message, answers per ACK code, last refusal. */
package holdfast.console.senders;
