/**
 * How every screen shows times, counts and states: local time with its zone, a unit on every number, and a state
 * as colour, icon and word together (never colour alone); how a list is loaded and marked stale, and the
 * two-way choices screens share.
 */
package holdfast.console.format;
