package holdfast.edge.senders;

import java.util.Locale;

/** How an HL7 sender is doing, worst first: the order a person wants to read the list in. */
enum SenderState {
    /** Quiet for longer than its normal gap, at an hour it normally sends (or past its configured interval). */
    SILENT,
    /** Configured as expected but not heard from since start. */
    NEVER,
    OK;

    /** {@code silent}, {@code never}, {@code ok}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
