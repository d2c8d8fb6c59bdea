package holdfast.simulator.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Posts synthetic readings to a node from several threads and remembers the event id of each. */
public final class Ingest {

    private Ingest() {
    }

    /** One stream of readings: {@code count} from devices named {@code prefix-N}, all with {@code priority}. */
    public record Stream(String devicePrefix, int count, String priority) {
    }

    /** Posts every stream (interleaved over {@code threads}); returns idempotency key → event id. */
    public static Map<String, String> post(NodeClient api, int threads, List<Stream> streams) throws Exception {
        Map<String, String> ids = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                running.add(pool.submit(() -> {
                    for (Stream s : streams) {
                        for (int i = thread; i < s.count(); i += threads) {
                            String device = s.devicePrefix() + "-" + (i % 16);
                            String message = s.devicePrefix() + "-m" + i;
                            NodeClient.Response r = api.post("/api/v1/observations", NodeClient.ADMIN_TOKEN,
                                    Readings.reading(device, message, "ICU-" + (i % 8), s.priority()));
                            assertThat(r.status()).as(r.body()).isEqualTo(202);
                            ids.put("http:" + device + ":" + message, r.json().get("eventId").asText());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        return ids;
    }
}
