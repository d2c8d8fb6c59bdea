package holdfast.edge.census;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The census state in memory: every stay per bed, and the patient's open stay. ADT semantics, applied in
 * journal order with each change effective at its own event time:
 * <ul>
 * <li>A01 admit, A04 register: the patient leaves any bed they held and occupies PV1-3 (a patient still in
 * that bed is moved out at that time: a bed holds one patient); no PV1-3, no stay.</li>
 * <li>A02 transfer, and A08 update naming another bed: the patient moves to PV1-3.</li>
 * <li>A03 discharge: the open stay ends.</li>
 * <li>A11 cancel admit: the open stay is removed (the admission did not happen).</li>
 * <li>A12 cancel transfer: the open stay is removed and the stay it ended is open again.</li>
 * <li>A13 cancel discharge: the most recently ended stay is open again (unless the patient has one).</li>
 * <li>A40 merge: every stay of MRG-1's patient becomes PID-3's.</li>
 * </ul>
 * Each event is applied once (by event id), so a rebuild racing a live update cannot double it.
 * Thread-safe: every method is synchronized (updates are rare, lookups short).
 */
final class CensusBook implements Census {

    private final Map<String, List<Entry>> byBed = new HashMap<>();
    private final Map<String, List<Entry>> byPatient = new HashMap<>();
    private final Set<String> applied = new HashSet<>();

    synchronized void apply(AdtChange c) {
        if (!applied.add(c.eventId())) {
            return;
        }
        switch (c.trigger()) {
            case "A01", "A04" -> occupy(c);
            case "A02" -> occupy(c);
            case "A08" -> {
                Entry open = open(c.patientId());
                if (c.bed() != null && (open == null || !open.bed.equals(c.bed()))) {
                    occupy(c);
                } else if (open != null && c.encounterId() != null) {
                    open.encounterId = c.encounterId();
                }
            }
            case "A03" -> {
                Entry open = open(c.patientId());
                if (open != null) {
                    open.to = c.at();
                }
            }
            case "A11" -> {
                Entry open = open(c.patientId());
                if (open != null) {
                    remove(open);
                }
            }
            case "A12" -> cancelTransfer(c);
            case "A13" -> {
                if (open(c.patientId()) == null) {
                    patientStays(c.patientId()).stream().filter(e -> e.to != null)
                            .max(Comparator.comparing((Entry e) -> e.to)).ifPresent(e -> e.to = null);
                }
            }
            case "A40" -> merge(c.priorPatientId(), c.patientId());
            default -> {
                // not a census change
            }
        }
    }

    private void occupy(AdtChange c) {
        Entry open = open(c.patientId());
        if (open != null) {
            open.to = c.at();
        }
        if (c.bed() == null) {
            return;
        }
        for (Entry other : byBed.getOrDefault(c.bed(), List.of())) {
            if (other.to == null) {
                other.to = c.at(); // a bed holds one patient: whoever was still recorded there has left
            }
        }
        Entry e = new Entry(c.bed(), c.patientId(), c.encounterId(), c.at(), c.eventId());
        byBed.computeIfAbsent(e.bed, b -> new ArrayList<>()).add(e);
        byPatient.computeIfAbsent(e.patientId, p -> new ArrayList<>()).add(e);
    }

    private void cancelTransfer(AdtChange c) {
        Entry open = open(c.patientId());
        if (open == null) {
            return;
        }
        remove(open);
        patientStays(c.patientId()).stream().filter(e -> open.from.equals(e.to)).findFirst()
                .ifPresent(previous -> previous.to = null);
    }

    private void merge(String prior, String survivor) {
        List<Entry> moved = byPatient.remove(prior);
        if (moved == null) {
            return;
        }
        for (Entry e : moved) {
            e.patientId = survivor;
        }
        byPatient.computeIfAbsent(survivor, p -> new ArrayList<>()).addAll(moved);
    }

    private void remove(Entry e) {
        byBed.getOrDefault(e.bed, new ArrayList<>()).remove(e);
        byPatient.getOrDefault(e.patientId, new ArrayList<>()).remove(e);
    }

    private Entry open(String patientId) {
        return patientStays(patientId).stream().filter(e -> e.to == null).reduce((a, b) -> b).orElse(null);
    }

    private List<Entry> patientStays(String patientId) {
        return patientId == null ? List.of() : byPatient.getOrDefault(patientId, List.of());
    }

    @Override
    public synchronized Optional<Stay> occupantAt(String bed, Instant at) {
        return byBed.getOrDefault(bed, List.of()).stream().map(Entry::stay).filter(s -> s.covers(at))
                .max(Comparator.comparing(Stay::from));
    }

    @Override
    public synchronized Optional<Stay> stayOf(String patientId, Instant at) {
        return patientStays(patientId).stream().map(Entry::stay).filter(s -> s.covers(at))
                .max(Comparator.comparing(Stay::from));
    }

    @Override
    public synchronized List<Stay> history(String bed) {
        return byBed.getOrDefault(bed, List.of()).stream().map(Entry::stay).sorted(Comparator.comparing(Stay::from))
                .toList();
    }

    synchronized int beds() {
        return byBed.size();
    }

    /** A stay while it can still change (discharge, cancel, merge); copied out as a {@link Stay}. */
    private static final class Entry {
        final String bed;
        String patientId;
        String encounterId;
        final Instant from;
        Instant to;
        final String eventId;

        Entry(String bed, String patientId, String encounterId, Instant from, String eventId) {
            this.bed = bed;
            this.patientId = patientId;
            this.encounterId = encounterId;
            this.from = from;
            this.eventId = eventId;
        }

        Stay stay() {
            return new Stay(bed, patientId, encounterId, from, to, eventId);
        }
    }
}
