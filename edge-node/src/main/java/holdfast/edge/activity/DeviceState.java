package holdfast.edge.activity;

import java.util.Locale;

/** How a device is doing, worst first: the order a person wants to read a list in. */
enum DeviceState {
    /** Nothing heard for longer than {@code silent-after-intervals} expected intervals. */
    SILENT,
    /** Registered but never heard from since the journals began. */
    NEVER_SEEN,
    /** Overdue by more than {@code late-after-intervals} expected intervals. */
    LATE,
    OK;

    /** {@code silent}, {@code never-seen}, {@code late}, {@code ok}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
