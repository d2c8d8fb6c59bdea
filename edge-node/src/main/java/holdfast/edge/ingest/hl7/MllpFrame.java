package holdfast.edge.ingest.hl7;

/**
 * One MLLP frame's content (between {@code 0x0B} and {@code 0x1C 0x0D}). When more than the limit arrived,
 * {@code bytes} holds the first {@code limit} bytes, {@code size} the real size and {@code oversize} is set.
 */
record MllpFrame(byte[] bytes, int size, boolean oversize) {

    @Override
    public String toString() {
        return "MllpFrame[size=" + size + ", oversize=" + oversize + "]";
    }
}
