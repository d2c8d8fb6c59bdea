package holdfast.simulator.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * An operator at the console while the node keeps dying: issues and revokes tokens, discards dead letters,
 * acknowledges alerts, resolves reconciliations (accept, or void, which journals a follow-up event), through the
 * HTTP API. Each action is remembered with whether its answer arrived: a confirmed one must be there afterwards,
 * an unanswered one may be either way but must be whole. Runs until told to stop.
 */
final class Operator implements Runnable {

    /** What was done. */
    enum Kind { TOKEN_ISSUE, TOKEN_REVOKE, DEAD_LETTER_DISCARD, ALERT_ACK, RECONCILIATION_ACCEPT, RECONCILIATION_VOID }

    /**
     * One action: {@code target} the id acted on (for an issue: the token's name), {@code confirmed} whether the
     * node's success answer arrived, {@code secret} the token an issue returned.
     */
    record Action(Kind kind, String target, boolean confirmed, String secret) {
    }

    private final Api api;
    private final String adminToken;
    private final Random random;
    private final java.time.Duration pause;
    private final BooleanSupplier running;
    private final List<Action> actions = new CopyOnWriteArrayList<>();
    private final List<Action> issued = new ArrayList<>();
    private int names;

    Operator(Api api, String adminToken, long seed, java.time.Duration pause, BooleanSupplier running) {
        this.api = api;
        this.adminToken = adminToken;
        this.random = new Random(seed);
        this.pause = pause;
        this.running = running;
    }

    List<Action> actions() {
        return List.copyOf(actions);
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            switch (random.nextInt(5)) {
                case 0 -> issue();
                case 1 -> revoke();
                case 2 -> discardDeadLetter();
                case 3 -> ackAlert();
                default -> resolveReconciliation();
            }
            Pace.pause(pause);
        }
    }

    private void issue() {
        String name = "chaos-" + Long.toString(System.nanoTime(), 36) + "-" + (++names);
        Api.Answer a = api.post("/api/v1/tokens", adminToken, "{\"role\":\"" + (random.nextBoolean() ? "viewer"
                : "operator") + "\",\"name\":\"" + name + "\"}");
        if (a.status() == 201) {
            JsonNode body = a.json();
            Action done = new Action(Kind.TOKEN_ISSUE, body.get("id").asText(), true, body.get("token").asText());
            actions.add(done);
            issued.add(done);
        } else if (!a.answered()) {
            actions.add(new Action(Kind.TOKEN_ISSUE, name, false, null));
        }
    }

    private void revoke() {
        if (issued.isEmpty()) {
            return;
        }
        Action token = issued.remove(random.nextInt(issued.size()));
        Api.Answer a = api.delete("/api/v1/tokens/" + token.target(), adminToken);
        if (a.status() == 204 || !a.answered()) {
            actions.add(new Action(Kind.TOKEN_REVOKE, token.target(), a.answered(), token.secret()));
        } else {
            issued.add(token);
        }
    }

    private void discardDeadLetter() {
        String id = firstId("/api/v1/dead-letters?status=open&limit=20");
        if (id == null) {
            return;
        }
        Api.Answer a = api.post("/api/v1/dead-letters/" + id + "/discard", adminToken,
                "{\"reason\":\"chaos: known bad test input\"}");
        record(Kind.DEAD_LETTER_DISCARD, id, a, 200);
    }

    private void ackAlert() {
        String id = firstId("/api/v1/alerts?status=open");
        if (id == null) {
            return;
        }
        Api.Answer a = api.post("/api/v1/alerts/" + id + "/ack", adminToken, "{\"reason\":\"chaos: seen\"}");
        record(Kind.ALERT_ACK, id, a, 200);
    }

    private void resolveReconciliation() {
        String id = firstId("/api/v1/reconciliations?status=open");
        if (id == null) {
            return;
        }
        boolean voiding = random.nextBoolean();
        Api.Answer a = api.post("/api/v1/reconciliations/" + id + "/resolve", adminToken, "{\"action\":\""
                + (voiding ? "void" : "accept") + "\",\"reason\":\"chaos: test bed\"}");
        record(voiding ? Kind.RECONCILIATION_VOID : Kind.RECONCILIATION_ACCEPT, id, a, 200);
    }

    private void record(Kind kind, String id, Api.Answer a, int success) {
        if (a.status() == success || !a.answered()) {
            actions.add(new Action(kind, id, a.answered(), null));
        }
    }

    /** The first item's id of a list, or null (none, or no answer). */
    private String firstId(String path) {
        Api.Answer a = api.get(path, adminToken);
        if (a.status() != 200) {
            return null;
        }
        JsonNode items = a.json().path("items");
        if (items.isEmpty()) {
            return null;
        }
        return items.get(random.nextInt(items.size())).get("id").asText();
    }
}
