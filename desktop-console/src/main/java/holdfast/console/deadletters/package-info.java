/** Dead letters: what the node could not accept, listed with their context (never their payload). */
package holdfast.console.deadletters;
