/**
 * Dead letters: input that could not be accepted (unparseable, invalid, refused by a rule), kept whole and
 * durably with its context, so that nothing is ever silently dropped and a person can reprocess or discard it.
 */
package holdfast.edge.deadletter;
