package holdfast.edge.ingest.hl7;

/**
 * One segment as {@link Hl7Reader} reads it, whoever split the text: HAPI's model ({@link HapiSegment}) or the
 * plain splitter for the common shapes ({@link PipeSegments}). Both answer alike for the same text, which is what
 * lets one reader's rules decide AA, AE and AR for either. Immutable once built.
 */
interface Hl7Segment {

    /** The segment id: {@code MSH}, {@code PID}, ... */
    String name();

    /** How many repetitions field {@code field} holds (0 when it is absent or empty). */
    int repetitions(int field);

    /**
     * Field {@code field} (MSH-n numbered as HL7 numbers it), repetition {@code rep} (0-based), component
     * {@code component}, its first subcomponent, trimmed; null when empty.
     */
    String value(int field, int rep, int component);
}
