package holdfast.edge.ingest.http;

import java.util.Locale;

/**
 * Whether a {@code Content-Type} declares a JSON body: {@code application/json} or {@code application/*+json},
 * with no charset parameter or {@code utf-8}. A reading sent as a form or as text is refused rather than
 * guessed at, so a misconfigured sender is seen at once.
 */
final class JsonContentType {

    private JsonContentType() {
    }

    static boolean accepts(String header) {
        if (header == null) {
            return false;
        }
        String[] parts = header.toLowerCase(Locale.ROOT).split(";");
        String type = parts[0].trim();
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("charset=")) {
                String charset = p.substring("charset=".length()).replace("\"", "").trim();
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }
}
