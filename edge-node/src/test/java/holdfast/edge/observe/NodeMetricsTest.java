package holdfast.edge.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import holdfast.shared.envelope.Lane;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {

    @Test
    void countersAndGaugesKeepTheirNamesLabelsAndWholeNumberValues() {
        try (NodeMetrics metrics = new NodeMetrics()) {
            LongAdder held = metrics.counter("holdfast_mqtt_held_total", "Held", "");
            held.add(3);
            metrics.counter("holdfast_devices_unmapped_total", "Unmapped", "channel=\"mqtt\"").increment();
            metrics.gauge("holdfast_journal_appended", "Appended", "lane=\"standard\"", () -> 12_345_678L);
            metrics.refused(Lane.STANDARD);

            String text = metrics.scrape();

            assertThat(text).contains("# TYPE holdfast_mqtt_held_total counter")
                    .containsPattern("(?m)^holdfast_mqtt_held_total 3$")
                    .containsPattern("(?m)^holdfast_devices_unmapped_total\\{channel=\"mqtt\"} 1$")
                    .contains("# TYPE holdfast_journal_appended gauge")
                    .containsPattern("(?m)^holdfast_journal_appended\\{lane=\"standard\"} 12345678$")
                    .containsPattern("(?m)^holdfast_ingest_refused_total\\{lane=\"standard\"} 1$");
        }
    }

    @Test
    void aGaugeNamedLikeACounterIsExposedAsACounterUnderTheSameName() {
        try (NodeMetrics metrics = new NodeMetrics()) {
            metrics.gauge("holdfast_alerts_raise_micros_total", "Sum", "", () -> 42);

            assertThat(metrics.scrape()).contains("# TYPE holdfast_alerts_raise_micros_total counter")
                    .containsPattern("(?m)^holdfast_alerts_raise_micros_total 42$");
        }
    }

    @Test
    void aCounterReadFromAFeatureKeepsItsValueAfterAGarbageCollection() {
        try (NodeMetrics metrics = new NodeMetrics()) {
            registerSumOfFortyTwo(metrics); // nothing but the registry keeps the supplier
            System.gc(); // a full collection clears what is only weakly held

            assertThat(metrics.scrape()).containsPattern("(?m)^holdfast_alerts_raise_micros_total 42$");
        }
    }

    private static void registerSumOfFortyTwo(NodeMetrics metrics) {
        LongAdder sum = new LongAdder();
        sum.add(42);
        metrics.gauge("holdfast_alerts_raise_micros_total", "Sum", "", sum::sum);
    }

    @Test
    void histogramsCountEachDurationInItsBucket() {
        try (NodeMetrics metrics = new NodeMetrics()) {
            LongConsumer raise = metrics.histogram("holdfast_alerts_raise_seconds", "Raise", "",
                    NodeMetrics.ALERT_BUCKETS);
            raise.accept(Duration.ofMillis(3).toNanos());
            raise.accept(Duration.ofMillis(300).toNanos());
            metrics.committed(Lane.CRITICAL, 10, Duration.ofMillis(2).toNanos());
            metrics.synced(Lane.BATCH, Duration.ofMinutes(20));
            metrics.called("retry", Duration.ofSeconds(2).toNanos());

            String text = metrics.scrape();

            assertThat(text).contains("# TYPE holdfast_alerts_raise_seconds histogram")
                    .containsPattern("(?m)^holdfast_alerts_raise_seconds_bucket\\{le=\"0.005\"} 1$")
                    .containsPattern("(?m)^holdfast_alerts_raise_seconds_bucket\\{le=\"0.25\"} 1$")
                    .containsPattern("(?m)^holdfast_alerts_raise_seconds_bucket\\{le=\"0.5\"} 2$")
                    .containsPattern("(?m)^holdfast_alerts_raise_seconds_count 2$")
                    .containsPattern("(?m)^holdfast_journal_fsync_seconds_bucket\\{lane=\"critical\",le=\"0.0025\"} 1$")
                    .containsPattern("(?m)^holdfast_sync_delay_seconds_bucket\\{lane=\"batch\",le=\"900.0\"} 0$")
                    .containsPattern("(?m)^holdfast_sync_delay_seconds_bucket\\{lane=\"batch\",le=\"3600.0\"} 1$")
                    .containsPattern("(?m)^holdfast_upstream_call_seconds_count\\{outcome=\"retry\"} 1$");
        }
    }

    @Test
    void theJvmAndProcessAreMetered() {
        try (NodeMetrics metrics = new NodeMetrics()) {
            assertThat(metrics.scrape()).contains("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads ",
                    "jvm_classes_loaded_classes ", "process_cpu_usage ", "process_files_open_files ",
                    "process_uptime_seconds ");
        }
    }

    @Test
    void labelsThatAreNotNameValuePairsAreRefused() {
        try (NodeMetrics metrics = new NodeMetrics()) {
            assertThatThrownBy(() -> metrics.gauge("holdfast_x", "X", "lane=urgent", () -> 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lane=urgent");
        }
    }
}
