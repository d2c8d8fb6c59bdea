package holdfast.edge.sync;

/**
 * What the cloud said when a restored node asked for the highest laneSeq it holds of one lane (see
 * {@link Upstream#highestSeq}).
 */
public sealed interface CloudLaneSeq permits CloudLaneSeq.Known, CloudLaneSeq.NotKept, CloudLaneSeq.Unanswered {

    /** The highest laneSeq of the lane the cloud has received from this node (0: none). */
    record Known(long seq) implements CloudLaneSeq {
    }

    /**
     * The upstream keeps no laneSeq (a sink that does not carry it) or does not offer the question (a cloud
     * without the extension): the lane goes on right after its restored end.
     */
    record NotKept(String reason) implements CloudLaneSeq {
    }

    /** No answer now (unreachable, busy, refused): ask again later; nothing journaled after the restore is sent. */
    record Unanswered(String reason) implements CloudLaneSeq {
    }
}
