package holdfast.edge.audit;

/**
 * The outcome of walking the audit hash chain: {@code ok} with the number of rows checked, or the first row
 * where the chain breaks ({@code brokenRowId}, 0 when the break is after the last row) and why, in plain words.
 */
public record AuditVerification(boolean ok, long rows, Long brokenRowId, String problem) {

    static AuditVerification intact(long rows) {
        return new AuditVerification(true, rows, null, null);
    }

    static AuditVerification broken(long rowsBefore, long rowId, String problem) {
        return new AuditVerification(false, rowsBefore, rowId, problem);
    }
}
