package holdfast.simulator.chaos;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every input the load sent, by idempotency key, and whether its acknowledgement arrived (HTTP 202/200, MQTT
 * PUBACK, HL7 AA). An acknowledged input must be at the cloud exactly once; one without an answer at most once.
 * Thread-safe.
 */
final class Inputs {

    /** How the cloud is expected to judge an input: accepted, or disputed by its census. */
    enum Expect { ACCEPTED, DISPUTED }

    /** One input: its channel, the verdict expected, whether it was acknowledged. */
    record Input(String channel, Expect expect, boolean acked) {
    }

    private final Map<String, Input> byKey = new ConcurrentHashMap<>();

    void sent(String key, String channel, Expect expect) {
        byKey.putIfAbsent(key, new Input(channel, expect, false));
    }

    void acked(String key, String channel, Expect expect) {
        byKey.put(key, new Input(channel, expect, true));
    }

    Map<String, Input> all() {
        return Map.copyOf(byKey);
    }

    /** Acknowledged inputs per channel. */
    Map<String, Long> ackedPerChannel() {
        Map<String, Long> out = new TreeMap<>();
        byKey.values().stream().filter(Input::acked).forEach(i -> out.merge(i.channel(), 1L, Long::sum));
        return out;
    }
}
