/** Small networking pieces every module's clients share. */
package holdfast.shared.net;
