package holdfast.edge.census;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ADT sequences and who occupied which bed at each moment (bed ids per contract §2). */
class CensusBookTest {

    private final CensusBook book = new CensusBook();
    private int events;

    private void adt(String trigger, String patient, String bed, String time) {
        adt(trigger, patient, null, bed, time);
    }

    private void adt(String trigger, String patient, String prior, String bed, String time) {
        book.apply(new AdtChange("ev-" + (++events), trigger, patient, prior, "ENC-" + patient, bed, at(time)));
    }

    private static Instant at(String hhmm) {
        return Instant.parse("2026-11-23T" + hhmm + ":00Z");
    }

    private Optional<String> who(String bed, String time) {
        return book.occupantAt(bed, at(time)).map(Stay::patientId);
    }

    @Test
    void admitTransferDischargeGiveTheOccupantAtEachTime() {
        adt("A01", "P1", "ICU-3", "07:00");
        adt("A02", "P1", "ICU-4", "09:00");
        adt("A01", "P2", "ICU-3", "10:00");
        adt("A03", "P2", null, "12:00");

        assertThat(who("ICU-3", "06:59")).isEmpty();
        assertThat(who("ICU-3", "08:00")).contains("P1");
        assertThat(who("ICU-3", "09:00")).isEmpty();
        assertThat(who("ICU-4", "09:00")).contains("P1");
        assertThat(who("ICU-3", "11:00")).contains("P2");
        assertThat(who("ICU-3", "12:00")).isEmpty();
        assertThat(book.occupantAt("ICU-3", at("08:00")).orElseThrow().encounterId()).isEqualTo("ENC-P1");
        assertThat(book.history("ICU-3")).extracting(Stay::patientId).containsExactly("P1", "P2");
    }

    @Test
    void cancelAdmitRemovesTheStay() {
        adt("A01", "P1", "ICU-3", "07:00");
        adt("A11", "P1", null, "07:30");
        assertThat(who("ICU-3", "07:10")).isEmpty();
        assertThat(book.history("ICU-3")).isEmpty();
    }

    @Test
    void cancelTransferPutsThePatientBack() {
        adt("A01", "P1", "ICU-3", "07:00");
        adt("A02", "P1", "ICU-4", "09:00");
        adt("A12", "P1", "ICU-3", "09:30");
        assertThat(who("ICU-3", "10:00")).contains("P1");
        assertThat(who("ICU-4", "09:10")).isEmpty();
    }

    @Test
    void cancelDischargeReopensTheLastStay() {
        adt("A01", "P1", "ICU-3", "07:00");
        adt("A03", "P1", null, "09:00");
        assertThat(who("ICU-3", "10:00")).isEmpty();
        adt("A13", "P1", "ICU-3", "09:30");
        assertThat(who("ICU-3", "10:00")).contains("P1");
    }

    @Test
    void mergeMovesTheStaysToTheSurvivingPatient() {
        adt("A01", "TEMP-9", "ICU-5", "07:00");
        adt("A40", "P7", "TEMP-9", null, "08:00");
        assertThat(who("ICU-5", "07:30")).contains("P7");
        adt("A03", "P7", null, "09:00");
        assertThat(who("ICU-5", "09:30")).isEmpty();
    }

    @Test
    void registrationAndUpdateToAnotherBedMoveThePatient() {
        adt("A04", "P1", "ER-1", "07:00");
        adt("A08", "P1", "ER-2", "07:45");
        assertThat(who("ER-1", "07:30")).contains("P1");
        assertThat(who("ER-1", "08:00")).isEmpty();
        assertThat(who("ER-2", "08:00")).contains("P1");
    }

    @Test
    void aNewAdmissionToAnOccupiedBedEndsThePreviousStay() {
        adt("A01", "P1", "ICU-3", "07:00");
        adt("A01", "P2", "ICU-3", "08:00");
        assertThat(who("ICU-3", "07:30")).contains("P1");
        assertThat(who("ICU-3", "08:30")).contains("P2");
    }

    @Test
    void theSameEventAppliedTwiceChangesNothing() {
        AdtChange admit = new AdtChange("ev-x", "A01", "P1", null, "E1", "ICU-3", at("07:00"));
        AdtChange transfer = new AdtChange("ev-y", "A02", "P1", null, "E1", "ICU-4", at("08:00"));
        book.apply(admit);
        book.apply(transfer);
        book.apply(admit);
        assertThat(who("ICU-3", "09:00")).isEmpty();
        assertThat(who("ICU-4", "09:00")).contains("P1");
    }
}
