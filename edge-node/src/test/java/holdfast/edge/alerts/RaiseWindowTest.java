package holdfast.edge.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RaiseWindowTest {

    private static final long MS = 1_000_000L;
    private static final long START = 7_000 * MS; // nanoTime readings are arbitrary: any origin

    @Test
    void theFirstRaiseSinceStartGoesAtOnce() {
        assertThat(new RaiseWindow(Duration.ofMillis(5)).delayNanos(START)).isZero();
    }

    @Test
    void aRaiseThatComesAloneAfterAQuietSpellGoesAtOnce() {
        RaiseWindow window = new RaiseWindow(Duration.ofMillis(5));
        window.passBegins(START);
        assertThat(window.delayNanos(START + 5 * MS)).isZero();
        assertThat(window.delayNanos(START + 60_000 * MS)).isZero();
    }

    @Test
    void aRaiseThatFollowsAPassWithinTheWindowWaitsForTheRestOfIt() {
        RaiseWindow window = new RaiseWindow(Duration.ofMillis(5));
        window.passBegins(START);
        assertThat(window.delayNanos(START)).isEqualTo(5 * MS);
        assertThat(window.delayNanos(START + 2 * MS)).isEqualTo(3 * MS);
        assertThat(window.delayNanos(START + 5 * MS - 1)).isEqualTo(1);
    }

    @Test
    void aSteadyStreamFasterThanTheWindowIsMadeDurableOncePerWindow() {
        RaiseWindow window = new RaiseWindow(Duration.ofMillis(5));
        // One raise every millisecond for 100 ms; a pass runs when its delay is up and takes every raise queued.
        long passAt = START;
        int passes = 0;
        for (long t = START; t < START + 100 * MS; t += MS) {
            if (t >= passAt) {
                window.passBegins(t);
                passes++;
                passAt = t + MS + window.delayNanos(t + MS); // the next raise comes 1 ms later
            }
        }
        assertThat(passes).isEqualTo(20);
        assertThat(window.passes()).isEqualTo(20);
    }

    @Test
    void aWindowOfZeroNeverWaits() {
        RaiseWindow window = new RaiseWindow(Duration.ZERO);
        window.passBegins(START);
        assertThat(window.delayNanos(START)).isZero();
    }

    @Test
    void aNegativeWindowIsRefused() {
        assertThatThrownBy(() -> new RaiseWindow(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
