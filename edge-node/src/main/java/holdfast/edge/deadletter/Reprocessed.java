package holdfast.edge.deadletter;

/** What feeding a dead letter's bytes through its channel again gave. */
public sealed interface Reprocessed {

    /** The input is now an event in a journal ({@code duplicate}: its key was journaled before, as this event). */
    record Journaled(String eventId, String lane, boolean duplicate) implements Reprocessed {
    }

    /** The input is still refused by the channel's checks; {@code error} says why, in plain words. */
    record StillInvalid(String error) implements Reprocessed {
    }

    /** The lane refuses new events right now (back-pressure): nothing changed, try again later. */
    record Refused(String reason) implements Reprocessed {
    }

    /** This dead letter cannot be fed through its channel again at all (e.g. only part of it was kept). */
    record NotReprocessable(String reason) implements Reprocessed {
    }
}
