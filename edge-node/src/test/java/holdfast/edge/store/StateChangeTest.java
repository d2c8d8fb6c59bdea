package holdfast.edge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateChangeTest {

    @Test
    void everyKindOfParameterAStoreWritesComesBackFromTheJournalBytesUnchanged() {
        OffsetDateTime at = OffsetDateTime.of(2026, 3, 1, 2, 3, 4, 567_891_000, ZoneOffset.ofHours(1));
        List<Object> params = Arrays.asList(null, "ünïcode " + "x".repeat(70_000), 42L, 7, 36.6, true,
                new byte[] {0, 1, (byte) 255}, at);
        StateChange change = new StateChange(List.of(
                new StateChange.Write("INSERT INTO dead_letter (a) VALUES (?)", params, new long[] {12, 13}),
                new StateChange.Write("DELETE FROM api_token", List.of(), new long[0])));

        StateChange back = StateChange.decode(change.encode());

        assertThat(back).isEqualTo(change);
        assertThat(((OffsetDateTime) back.writes().get(0).params().get(7)).toInstant()).isEqualTo(at.toInstant());
        assertThat(back.writes().get(0).keys()).containsExactly(12, 13);
    }

    @Test
    void theTableOfAnInsertIsNamedForIdentityAlignmentAndOtherStatementsNameNone() {
        assertThat(new StateChange.Write("  insert into  dead_letter (x) VALUES (?)", List.of(), new long[0])
                .insertTable()).isEqualTo("DEAD_LETTER");
        assertThat(new StateChange.Write("UPDATE dead_letter SET x = 1", List.of(), new long[0]).insertTable()).isNull();
        assertThat(StateChange.writes("MERGE INTO sync_cursor KEY (lane) VALUES (?)")).isTrue();
        assertThat(StateChange.writes("SELECT 1")).isFalse();
        assertThat(StateChange.writes("BACKUP TO 'x.zip'")).isFalse();
    }

    @Test
    void anInstantIsKeptAsAUtcTimeAndAnUnknownTypeIsRefusedLoudly() {
        assertThat(StateChange.keepable(Instant.EPOCH)).isEqualTo(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
        assertThatThrownBy(() -> StateChange.keepable(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot keep");
    }
}
