package holdfast.edge.sync.fhir;

import holdfast.edge.config.Settings;
import holdfast.edge.config.SettingsException;
import io.helidon.config.Config;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the FHIR R4 upstream ({@code upstream.url} {@code fhir+http(s)://host/base} and
 * {@code upstream.fhir.*}); every key and its default is documented in {@code config/edge-node.yaml}.
 *
 * @param base             the FHIR base URL the transactions are posted to (the URL without {@code fhir+})
 * @param auth             {@code none}, {@code bearer} or {@code client-credentials}
 * @param token            the bearer token ({@code bearer})
 * @param tokenUrl         the OAuth2 token endpoint ({@code client-credentials})
 * @param clientId         the OAuth2 client id
 * @param clientSecret     the OAuth2 client secret (from the key, or read once from {@code client-secret-file})
 * @param scope            scopes asked for with the token; blank asks for none
 * @param patientSystem    identifier system of the census patient ids on the FHIR server
 * @param encounterSystem  identifier system of the census encounter ids on the FHIR server
 */
public record FhirSettings(URI base, String auth, String token, URI tokenUrl, String clientId, String clientSecret,
                           String scope, String patientSystem, String encounterSystem) {

    static final String SCHEME = "fhir+";
    static final String NONE = "none";
    static final String BEARER = "bearer";
    static final String CLIENT_CREDENTIALS = "client-credentials";
    private static final List<String> AUTHS = List.of(NONE, BEARER, CLIENT_CREDENTIALS);

    /** True when {@code url} names a FHIR server rather than the batch protocol or Kafka. */
    public static boolean handles(String url) {
        return url != null && (url.startsWith(SCHEME + "http://") || url.startsWith(SCHEME + "https://"));
    }

    /** Reads {@code upstream.url} and {@code upstream.fhir.*} from the root configuration. */
    public static FhirSettings from(Config root) {
        Config up = root.get("upstream");
        Config f = up.get("fhir");
        URI base = httpUrl(up.get("url").key().toString(), stripScheme(Settings.string(up, "url", "")));
        String auth = Settings.string(f, "auth", NONE).toLowerCase(Locale.ROOT);
        if (!AUTHS.contains(auth)) {
            throw new SettingsException(key(f, "auth"), "'" + auth + "' is not one of " + AUTHS);
        }
        String token = Settings.string(f, "token", "");
        if (BEARER.equals(auth) && token.isBlank()) {
            throw new SettingsException(key(f, "token"), "is required with auth bearer");
        }
        String tokenUrl = Settings.string(f, "token-url", "");
        String clientId = Settings.string(f, "client-id", "");
        String secret = Settings.string(f, "client-secret", "");
        String secretFile = Settings.string(f, "client-secret-file", "");
        URI tokenUri = null;
        if (CLIENT_CREDENTIALS.equals(auth)) {
            tokenUri = httpUrl(key(f, "token-url"), tokenUrl);
            if (clientId.isBlank()) {
                throw new SettingsException(key(f, "client-id"), "is required with auth client-credentials");
            }
            if (!secretFile.isBlank()) {
                secret = readSecret(key(f, "client-secret-file"), secretFile);
            }
            if (secret.isBlank()) {
                throw new SettingsException(key(f, "client-secret"),
                        "is required with auth client-credentials (or upstream.fhir.client-secret-file)");
            }
        }
        return new FhirSettings(base, auth, token, tokenUri, clientId, secret, Settings.string(f, "scope", ""),
                system(f, "patient-identifier-system", "urn:holdfast:patient-id"),
                system(f, "encounter-identifier-system", "urn:holdfast:encounter-id"));
    }

    @Override
    public String toString() {
        return "FhirSettings[base=" + base + ", auth=" + auth + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId
                + "]"; // no secrets
    }

    private static String stripScheme(String url) {
        String rest = url.startsWith(SCHEME) ? url.substring(SCHEME.length()) : url;
        return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
    }

    private static URI httpUrl(String key, String url) {
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new SettingsException(key, "'" + url + "' is not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new SettingsException(key, "'" + url + "' is not a URL");
        }
    }

    private static String readSecret(String key, String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new SettingsException(key, "cannot read '" + file + "' (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String system(Config f, String name, String defaultValue) {
        String value = Settings.string(f, name, defaultValue);
        if (value.isBlank() || value.chars().anyMatch(c -> c == '|' || Character.isWhitespace(c))) {
            throw new SettingsException(key(f, name), "'" + value + "' is not an identifier system URI");
        }
        return value;
    }

    private static String key(Config f, String name) {
        return f.get(name).key().toString();
    }
}
