/**
 * How every screen shows times, counts and states: local time with its zone, a unit on every number, and a state
 * as colour, icon and word together (never colour alone).
 */
package holdfast.console.format;
