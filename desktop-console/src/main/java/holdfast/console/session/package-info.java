/**
 * One connection to one edge node: its client, the view models and their live feeds, sharing the caller's
 * role. Switching nodes closes one session and opens another.
 */
package holdfast.console.session;
