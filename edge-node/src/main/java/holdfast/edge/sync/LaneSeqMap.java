package holdfast.edge.sync;

import holdfast.edge.journal.SeqRestores;

/**
 * A lane's laneSeqs as the cloud must see them, after restores ({@link SeqRestores}). Nothing changes for a lane
 * that was never restored. After a settled restore, events journaled between the restore and the jump travel
 * moved up by the jump, so they follow the cloud's highest laneSeq instead of reusing its numbers; while a restore
 * is pending, events journaled after it are held back. Immutable.
 */
record LaneSeqMap(SeqRestores restores) {

    /** Whether {@code journalSeq} was journaled after a restore whose jump is not known yet (it must wait). */
    boolean held(long journalSeq) {
        SeqRestores.Point pending = restores.pending();
        return pending != null && journalSeq > pending.afterSeq();
    }

    boolean pending() {
        return restores.pending() != null;
    }

    /** The laneSeq an event journaled at {@code journalSeq} carries upstream. */
    long wire(long journalSeq) {
        for (SeqRestores.Point p : restores.points()) {
            if (p.settled() && journalSeq > p.afterSeq() && journalSeq <= p.jumpedAt()) {
                return journalSeq + p.shift();
            }
        }
        return journalSeq;
    }

    /**
     * Where a lane's cursor stands once the event journaled at {@code journalSeq} is answered: at a jump, the
     * jump's end (the numbers skipped belong to events the cloud already has), else its laneSeq upstream.
     */
    long cursorAfter(long journalSeq) {
        for (SeqRestores.Point p : restores.points()) {
            if (p.settled() && journalSeq == p.jumpedAt()) {
                return p.to();
            }
        }
        return wire(journalSeq);
    }

    boolean moves(long journalSeq) {
        return wire(journalSeq) != journalSeq;
    }
}
