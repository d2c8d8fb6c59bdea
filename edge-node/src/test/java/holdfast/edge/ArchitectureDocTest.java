package holdfast.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/architecture.md stays true: a new feature package is not done until the page says what it owns. */
class ArchitectureDocTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SOURCES = ROOT.resolve("edge-node/src/main/java/holdfast/edge");

    @Test
    void everyEdgeNodePackageHasARowInTheArchitecturePage() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/architecture.md"));
        List<String> packages;
        try (Stream<Path> dirs = Files.walk(SOURCES)) {
            packages = dirs.filter(Files::isDirectory).filter(d -> !d.equals(SOURCES))
                    .map(d -> SOURCES.relativize(d).toString().replace('/', '.')).sorted().toList();
        }
        assertThat(packages).as("edge-node feature packages").hasSizeGreaterThan(20);
        assertThat(packages).allSatisfy(p -> assertThat(page).as("docs/architecture.md names " + p)
                .contains("| `" + p + "` |"));
    }

    @Test
    void theReadmeLinksThePage() throws IOException {
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("(docs/architecture.md)");
    }
}
