package holdfast.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The repository stands alone: every relative link in its Markdown resolves to a file inside it. */
class DocumentationLinksTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyRelativeLinkInTheMarkdownResolvesInsideTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> documents;
        try (Stream<Path> files = Files.walk(ROOT)) {
            documents = files.filter(f -> f.toString().endsWith(".md"))
                    .filter(f -> !ROOT.relativize(f).toString().contains("target/")
                            && !ROOT.relativize(f).startsWith(".git") && !ROOT.relativize(f).startsWith("data"))
                    .toList();
        }
        assertThat(documents).as("README and docs are found").hasSizeGreaterThan(5);
        for (Path doc : documents) {
            Matcher m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z][a-z0-9+.-]*:.*") || target.startsWith("#")) {
                    continue; // a web address or an anchor in the same page
                }
                Path file = doc.getParent().resolve(target.replaceAll("#.*$", "")).normalize();
                if (!file.startsWith(ROOT) || !Files.exists(file)) {
                    broken.add(ROOT.relativize(doc) + " -> " + target);
                }
            }
        }
        assertThat(broken).as("links that lead outside the repository or nowhere").isEmpty();
    }
}
