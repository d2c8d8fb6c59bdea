/** Open local alerts with their escalation level, and acknowledgement. */
package holdfast.console.alerts;
