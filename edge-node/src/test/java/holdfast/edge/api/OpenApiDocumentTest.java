package holdfast.edge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI document names exactly the routes the source registers, method by method. */
class OpenApiDocumentTest {

    @Test
    void theDocumentListsEveryRouteOfTheSourceAndNoOther() throws IOException {
        Pattern route = Pattern.compile("routing\\.(get|post|put|delete)\\(\"(/[^\"]+)\"");
        Set<String> inSource = new TreeSet<>(Set.of("GET /observe/health", "GET /observe/metrics"));
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = route.matcher(Files.readString(file));
                while (m.find()) {
                    inSource.add(m.group(1).toUpperCase(Locale.ROOT) + " " + m.group(2));
                }
            }
        }
        Map<String, Object> document = new Yaml().load(Files.readString(Path.of("..", "docs", "openapi.yaml")));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().forEach(method ->
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        assertThat(documented).containsExactlyElementsOf(inSource);
    }
}
