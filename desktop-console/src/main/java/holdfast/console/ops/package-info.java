/** The node's alerts about itself: open first, cause in words, the runbook to open, acknowledged with a reason. */
package holdfast.console.ops;
