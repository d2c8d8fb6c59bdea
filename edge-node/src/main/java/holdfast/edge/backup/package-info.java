/**
 * Backup and restore of a node's durable state. The running node takes the snapshot itself
 * ({@code POST /api/v1/backup}), because only it can order the parts: the H2 database first (an online,
 * consistent {@code BACKUP TO}), then each lane journal copied to a point after the database snapshot, so no
 * sync cursor or index mark in the copied database is ahead of the copied journals (behind is harmless: the
 * cloud answers a resent event {@code duplicate}). The control journal is copied with the database snapshot, no
 * state change between them. A manifest lists every file with its size and SHA-256. A restore records in each
 * lane that it was put back to the backup's end, so the node asks the cloud for the lane's highest laneSeq before
 * it sends anything newer, and never reuses one the cloud holds (see the sync package).
 * {@link holdfast.edge.backup.RestoreMain} brings a stopped node back from one; {@link holdfast.edge.backup.BackupMain}
 * asks a running node for one.
 */
package holdfast.edge.backup;
