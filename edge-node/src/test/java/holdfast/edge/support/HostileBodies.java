package holdfast.edge.support;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Bodies an attacker or a broken sender would send as a device reading, none of which is a valid one: deep
 * nesting, oversize, random bytes, wrong encodings, numbers JSON or a double cannot hold, impossible
 * observation times, wrong shapes. Deterministic for a given index and seed; the bytes are synthetic.
 */
public final class HostileBodies {

    /** How many kinds {@link #body} cycles through. */
    public static final int KINDS = 12;

    private HostileBodies() {
    }

    public static byte[] body(int i, SplittableRandom random) {
        String valid = Readings.heartRate("mon-fuzz", "fuzz-" + i);
        return switch (i % KINDS) {
            case 0 -> utf8("{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000)); // ~12 KB, 2,000 levels
            case 1 -> utf8("[".repeat(4_000) + "]".repeat(4_000));
            case 2 -> randomBytes(random, 1 + random.nextInt(2_000));
            case 3 -> { // valid JSON text with an invalid UTF-8 sequence in it
                byte[] b = utf8(valid);
                b[10] = (byte) 0xC3;
                b[11] = (byte) 0x28;
                yield b;
            }
            case 4 -> valid.getBytes(StandardCharsets.UTF_16); // with a byte-order mark
            case 5 -> utf8(valid.replace("\"value\":72.0", "\"value\":1e400"));
            case 6 -> utf8(valid.replace("\"value\":72.0", "\"value\":" + "9".repeat(100)));
            case 7 -> utf8(valid.replace(Readings.OBSERVED_AT.toString(), i % 2 == 0 ? "9999-12-31T23:59:59Z"
                    : "0001-01-01T00:00:00Z"));
            case 8 -> utf8("{\"messageId\":\"big\",\"deviceId\":\"mon-fuzz\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            case 9 -> utf8(new String[] {"", "null", "{}", "[]", "\"reading\"", "42"}[random.nextInt(6)]);
            case 10 -> utf8(valid.substring(0, 1 + random.nextInt(valid.length() - 2)));
            default -> utf8(valid.replace("\"value\":72.0", "\"value\":NaN"));
        };
    }

    private static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        b[0] = '{'; // looks like JSON for one byte, to get past the cheapest check
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
