package holdfast.edge.backup;

import holdfast.edge.HoldfastException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code holdfast restore --from BACKUP_DIR [--data-dir DIR | --config FILE] [--force]}: brings a stopped node
 * back from a backup. The data dir defaults to the node's own ({@code node.data-dir}, {@code HOLDFAST_DATA_DIR}).
 * Exit codes: 0 restored, 2 usage, 3 refused (node running, data dir not empty), 4 the backup is invalid.
 */
public final class RestoreMain {

    private RestoreMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli;
        try {
            cli = CommandLine.parse(args, Set.of("--from", "--data-dir", "--config"), Set.of("--force"));
            if (cli.option("--from") == null) {
                throw new IllegalArgumentException("--from BACKUP_DIR is required");
            }
        } catch (IllegalArgumentException e) {
            err.println("holdfast restore: " + e.getMessage());
            err.println("usage: holdfast restore --from BACKUP_DIR [--data-dir DIR | --config FILE] [--force]");
            return 2;
        }
        Path dataDir = cli.option("--data-dir") != null
                ? Path.of(cli.option("--data-dir")).toAbsolutePath().normalize() : cli.node().dataDir();
        try {
            Restore.Report report = new Restore(Path.of(cli.option("--from")).toAbsolutePath().normalize(), dataDir)
                    .run(cli.flag("--force"));
            report.print(out);
            return 0;
        } catch (Restore.InvalidBackupException e) {
            err.println("holdfast restore: the backup is not usable: " + e.getMessage());
            return 4;
        } catch (Restore.RefusedException e) {
            err.println("holdfast restore: refused: " + e.getMessage());
            return 3;
        } catch (HoldfastException | IOException e) {
            err.println("holdfast restore: failed: " + e.getMessage());
            return 1;
        }
    }
}
