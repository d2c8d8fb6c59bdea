package holdfast.simulator.bench;

import java.lang.management.ManagementFactory;

/**
 * The JIT compiler's time in this process (node and load driver alike), printed beside a phase: a phase that
 * began with a recompilation (after a different kind of load, or the bench's own first scrape) spent a second
 * or more of a core compiling, which on 2 cores is a tenth of what it measures.
 */
final class Jit {

    private Jit() {
    }

    /** Compile time so far, in milliseconds (summed over the compiler threads). */
    static long millis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /** The line to print after a phase that began at {@code before} (from {@link #millis()}). */
    static String line(long before) {
        return String.format("    JIT compiling meanwhile: %,d ms", millis() - before);
    }
}
