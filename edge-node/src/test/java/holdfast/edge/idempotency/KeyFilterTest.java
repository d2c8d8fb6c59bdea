package holdfast.edge.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyFilterTest {

    @Test
    void everyAddedKeyIsReportedAsPossiblyPresent() {
        KeyFilter filter = new KeyFilter(50_000);
        for (int i = 0; i < 50_000; i++) {
            filter.add("mqtt:mon-" + (i % 40) + ":m-" + i);
        }
        for (int i = 0; i < 50_000; i++) {
            assertThat(filter.mightContain("mqtt:mon-" + (i % 40) + ":m-" + i)).isTrue();
        }
    }

    @Test
    void falsePositivesStayNearOnePercentAtCapacity() {
        KeyFilter filter = new KeyFilter(100_000);
        for (int i = 0; i < 100_000; i++) {
            filter.add("http:dev:m-" + i);
        }
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) {
            if (filter.mightContain("http:other:x-" + i)) {
                falsePositives++;
            }
        }
        assertThat(falsePositives).isLessThan(2_000);
    }
}
