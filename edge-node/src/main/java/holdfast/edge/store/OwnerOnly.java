package holdfast.edge.store;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the data dir the node's alone: the dir and every folder under it {@code rwx------}, every file
 * {@code rw-------}. Run at start, before anything is opened. The folders are what guarantees it whatever the
 * process umask: a file that Chronicle, H2 or the broker create later with the umask's mode still sits in a
 * folder no other user can enter (the launcher and the service also set umask 077, so new files are 0600 too).
 * Symbolic links are not followed. A file system without POSIX permissions is left as it is.
 */
public final class OwnerOnly {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** @return how many files and folders had their permissions narrowed */
    public static int restrict(Path dataDir) {
        if (Files.getFileAttributeView(dataDir, PosixFileAttributeView.class) == null) {
            return 0;
        }
        int[] narrowed = {0};
        try {
            Files.walkFileTree(dataDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    narrowed[0] += set(dir, DIR);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        narrowed[0] += set(file, FILE);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // e.g. removed meanwhile; the folder still guards it
                }
            });
        } catch (IOException e) {
            throw new holdfast.edge.HoldfastException("cannot make the data dir " + dataDir + " owner-only", e);
        }
        if (narrowed[0] > 0) {
            LOG.info("event=store.permissions_narrowed dataDir={} paths={}", dataDir, narrowed[0]);
        }
        return narrowed[0];
    }

    private static int set(Path p, Set<PosixFilePermission> wanted) throws IOException {
        if (Files.getPosixFilePermissions(p).equals(wanted)) {
            return 0;
        }
        Files.setPosixFilePermissions(p, wanted);
        return 1;
    }
}
