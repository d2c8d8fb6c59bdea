package holdfast.edge.senders;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code senders.*}: when an HL7 sender counts as silent. Its expected gap is the first {@code expected} entry
 * naming its application (and facility, when given), else what it has shown at this hour of day (after
 * {@code learn-after-gaps} gaps seen at that hour); with neither, it is never judged silent at that hour. Silent
 * once quiet for {@code silent-after-gaps} expected gaps and at least {@code min-silence-seconds}.
 */
record SenderSettings(double silentAfterGaps, Duration minSilence, int learnAfterGaps, int maxSenders,
                             List<Expected> expected) {

    public SenderSettings {
        expected = List.copyOf(expected);
    }

    /** A sender that should send at least every {@code interval}; an empty facility matches any. */
    public record Expected(String application, String facility, Duration interval) {
        boolean matches(String app, String fac) {
            return application.equals(app) && (facility.isEmpty() || facility.equals(fac));
        }
    }

    public static SenderSettings from(Config senders) {
        double silent = Settings.number(senders, "silent-after-gaps", 3);
        if (silent <= 1) {
            throw new SettingsException(senders.get("silent-after-gaps").key().toString(), "must be more than 1");
        }
        List<Expected> expected = new ArrayList<>();
        for (Config entry : senders.get("expected").asNodeList().orElse(List.of())) {
            String application = Settings.string(entry, "application", "");
            if (application.isEmpty()) {
                throw new SettingsException(entry.key() + ".application",
                        "is required (the sender's MSH-3, e.g. LAB)");
            }
            expected.add(new Expected(application, Settings.string(entry, "facility", ""),
                    Duration.ofSeconds(Settings.longIn(entry, "seconds", 600, 1, 7 * 86_400))));
        }
        return new SenderSettings(silent,
                Duration.ofSeconds(Settings.longIn(senders, "min-silence-seconds", 120, 0, 86_400)),
                Settings.intIn(senders, "learn-after-gaps", 5, 2, 10_000),
                Settings.intIn(senders, "max-senders", 200, 1, 10_000), expected);
    }

    Optional<Expected> expectedFor(String application, String facility) {
        return expected.stream().filter(e -> e.matches(application, facility)).findFirst();
    }
}
