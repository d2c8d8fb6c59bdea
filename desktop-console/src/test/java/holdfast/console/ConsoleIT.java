package holdfast.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * The console's screens against a real edge node and the reference cloud: the mode banner follows the cloud,
 * lanes match the node's status, and actions taken in the console (resolve, acknowledge, discard, reprocess)
 * reach the node and the cloud. Saves a screenshot of each screen under {@code target/screenshots}.
 */
class ConsoleIT extends ConsoleTestBase {

    @Start
    void start(Stage stage) throws IOException {
        show(stage);
    }

    @Test
    void bannerTurnsDegradedWhenTheCloudStopsAndOnlineWhenItReturns(FxRobot robot) throws Exception {
        post(reading("mon-01", "ICU-1", null));
        awaitBanner(robot, "OK", "Online");
        robot.clickOn("#tab-lanes");
        screenshot(robot, "#tabs", "console-lanes.png");

        cloud.close();
        cloudDown = true;
        post(reading("mon-01", "ICU-1", null));
        awaitBanner(robot, "WARNING", "Cloud unreachable");
        assertThat(bannerText(robot)).containsPattern("\\d+ events? buffered");
        screenshot(robot, null, "console-degraded.png");

        ensureCloudRunning();
        post(reading("mon-01", "ICU-1", null));
        awaitBanner(robot, "OK", "Online");
    }

    @Test
    void laneBacklogShownMatchesTheNodesStatus(FxRobot robot) throws Exception {
        cloud.faults(holdfast.simulator.cloud.FaultPlan.of(holdfast.simulator.cloud.FaultPlan.Mode.UNAVAILABLE));
        try {
            for (int i = 0; i < 5; i++) {
                post(reading("mon-02", "ICU-2", null));
            }
            robot.clickOn("#tab-lanes");
            TableView<?> lanes = robot.lookup("#lanes-table").queryAs(TableView.class);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode status = get("/api/v1/status");
                long standard = status.get("lanes").get(1).get("backlog").asLong();
                assertThat(standard).isPositive();
                Object row = lanes.getItems().get(1);
                assertThat(((holdfast.console.status.LaneRow) row).backlog()).isEqualTo(standard);
            });
        } finally {
            cloud.faults(holdfast.simulator.cloud.FaultPlan.none());
        }
    }

    @Test
    void resolvingAReconciliationFromTheConsoleReachesNodeAndCloud(FxRobot robot) throws Exception {
        cloud.census(Map.of("ICU-7", "P-CLOUD-7"), List.of());
        String key = post(reading("mon-07", "ICU-7", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> openFor(key) != null);
        String eventId = openFor(key).get("eventId").asText();
        robot.clickOn("#tab-reconciliations");
        @SuppressWarnings("unchecked")
        TableView<holdfast.shared.api.ReconciliationItem> table =
                robot.lookup("#reconciliations-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> table.getItems().stream()
                .anyMatch(i -> i.idempotencyKey().equals(key)));
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(i -> i.idempotencyKey().equals(key)).findFirst().orElseThrow()));
        screenshot(robot, null, "console-reconciliations.png");
        robot.clickOn("#resolve-reason").write("cloud census is right: device was moved");
        Button voidButton = robot.lookup("#resolve-void").queryButton();
        await().atMost(Duration.ofSeconds(5)).until(() -> !voidButton.isDisabled());
        robot.clickOn(voidButton);
        await().atMost(Duration.ofSeconds(20)).until(() -> openFor(key) == null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cloud.store().accepted("void"))
                .anyMatch(v -> eventId.equals(v.causationId())));
        robot.clickOn("#tab-lanes");
    }

    @Test
    void aCensusStormIsOneGroupResolvedFromTheConsoleInOneAction(FxRobot robot) throws Exception {
        cloud.census(Map.of("ICU-31", "P-WRONG-31"), List.of());
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            keys.add(post(reading("mon-31", "ICU-31", null)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> keys.stream().allMatch(k -> {
            try {
                return openFor(k) != null;
            } catch (Exception e) {
                return false;
            }
        }));
        robot.clickOn("#tab-reconciliations");
        @SuppressWarnings("unchecked")
        TableView<holdfast.shared.api.ReconciliationGroupItem> groups =
                robot.lookup("#reconciliation-groups").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> groups.getItems().stream()
                .anyMatch(g -> "ICU-31".equals(g.bed()) && g.count() == 6));
        robot.interact(() -> groups.getSelectionModel().select(groups.getItems().stream()
                .filter(g -> "ICU-31".equals(g.bed())).findFirst().orElseThrow()));
        @SuppressWarnings("unchecked")
        TableView<holdfast.shared.api.ReconciliationItem> table =
                robot.lookup("#reconciliations-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> table.getItems().size() == 6);
        screenshot(robot, null, "console-reconciliation-groups.png");
        cloud.census(Map.of(), List.of()); // the census is put right in the cloud, then the readings are sent again
        robot.clickOn("#resolve-reason").write("ICU-31 census corrected upstream");
        Button resolveGroup = robot.lookup("#resolve-group").queryButton();
        await().atMost(Duration.ofSeconds(5)).until(() -> !resolveGroup.isDisabled());
        robot.clickOn(resolveGroup);
        await().atMost(Duration.ofSeconds(20)).until(() -> keys.stream().noneMatch(k -> {
            try {
                return openFor(k) != null;
            } catch (Exception e) {
                return true;
            }
        }));
        await().atMost(Duration.ofSeconds(10)).until(() -> robot.lookup("#resolve-message")
                .queryAs(javafx.scene.control.Label.class).getText().equals("Resolved all 6 of the group: resend."));
        robot.clickOn("#tab-lanes");
    }

    @Test
    void alertRaisedOnTheNodeIsShownByLevelAndAcknowledgedFromTheConsole(FxRobot robot) throws Exception {
        post(reading("mon-09", "ICU-9", null).replace("\"8867-4\"", "\"59408-5\"").replace("\"value\":72",
                "\"value\":81"));
        robot.clickOn("#tab-alerts");
        @SuppressWarnings("unchecked")
        TableView<holdfast.shared.api.AlertItem> table = robot.lookup("#alerts-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> table.getItems().stream()
                .anyMatch(a -> "ICU-9".equals(a.bed())));
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(a -> "ICU-9".equals(a.bed())).findFirst().orElseThrow()));
        screenshot(robot, null, "console-alerts.png");
        Button acknowledge = robot.lookup("#alert-acknowledge").queryButton();
        await().atMost(Duration.ofSeconds(5)).until(() -> !acknowledge.isDisabled());
        robot.clickOn(acknowledge);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode acked = get("/api/v1/alerts?status=acknowledged").get("items");
            assertThat(acked.findValuesAsText("bed")).contains("ICU-9");
        });
        robot.clickOn("#tab-lanes");
    }

    @Test
    void severalAlertsAreAcknowledgedFromTheConsoleWithOneReasonAndThenListedWithWhoAndWhen(FxRobot robot)
            throws Exception {
        for (String bed : List.of("ICU-21", "ICU-22", "ICU-23")) {
            post(reading("mon-" + bed, bed, null).replace("\"8867-4\"", "\"59408-5\"")
                    .replace("\"value\":72,\"unit\":\"/min\"", "\"value\":80,\"unit\":\"%\""));
        }
        robot.clickOn("#tab-alerts");
        @SuppressWarnings("unchecked")
        TableView<holdfast.shared.api.AlertItem> table = robot.lookup("#alerts-table").queryAs(TableView.class);
        java.util.function.Predicate<holdfast.shared.api.AlertItem> ours = a -> a.bed() != null
                && a.bed().startsWith("ICU-2") && a.bed().length() == 6;
        await().atMost(Duration.ofSeconds(10)).until(() -> table.getItems().stream().filter(ours).count() == 3);
        assertThat(table.getItems().stream().filter(ours).map(holdfast.shared.api.AlertItem::valueWithUnit))
                .containsOnly("80 %");
        robot.interact(() -> table.getItems().stream().filter(ours).forEach(table.getSelectionModel()::select));
        Button acknowledge = robot.lookup("#alert-acknowledge").queryButton();
        await().atMost(Duration.ofSeconds(5)).until(() -> !acknowledge.isDisabled());
        robot.clickOn(acknowledge);
        await().atMost(Duration.ofSeconds(5)).until(() -> robot.lookup("#alerts-message")
                .queryAs(javafx.scene.control.Label.class).getText().startsWith("Give one reason for the 3 alerts"));
        robot.clickOn("#alert-reason").write("monitors moved to the step-down unit");
        robot.clickOn(acknowledge);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                get("/api/v1/alerts?status=acknowledged").get("items").findValuesAsText("bed"))
                .contains("ICU-21", "ICU-22", "ICU-23"));
        List<String> reasons = new java.util.ArrayList<>();
        get("/api/v1/audit?limit=1000").get("items").forEach(e -> reasons.add(e.get("reason").asText()));
        assertThat(reasons.stream().filter(r -> r.endsWith(": monitors moved to the step-down unit"))).hasSize(3);

        robot.clickOn("#alerts-view-acknowledged");
        await().atMost(Duration.ofSeconds(10)).until(() -> table.getItems().stream().filter(ours).count() == 3);
        assertThat(table.getItems().stream().filter(ours).map(holdfast.shared.api.AlertItem::acknowledgedBy))
                .doesNotContainNull();
        screenshot(robot, null, "console-alerts-acknowledged.png");
        robot.clickOn("#alerts-view-open");
        robot.clickOn("#tab-lanes");
    }

    @Test
    void discardingADeadLetterFromTheConsoleClosesItOnTheNode(FxRobot robot) throws Exception {
        HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/observations"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messageId\":7}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        String correlationId = JSON.readTree(bad.body()).get("correlationId").asText();
        robot.clickOn("#tab-dead-letters");
        @SuppressWarnings("unchecked")
        TableView<holdfast.shared.api.DeadLetterItem> table =
                robot.lookup("#dead-letters-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> table.getItems().stream()
                .anyMatch(d -> d.correlationId().equals(correlationId)));
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(d -> d.correlationId().equals(correlationId)).findFirst().orElseThrow()));
        screenshot(robot, null, "console-dead-letters.png");
        Button discard = robot.lookup("#discard").queryButton();
        await().atMost(Duration.ofSeconds(5)).until(() -> !discard.isDisabled());
        robot.clickOn(discard);
        Button confirm = robot.lookup("#reason-dialog-ok").queryButton();
        assertThat(confirm.isDisabled()).as("no reason, no discard").isTrue();
        robot.clickOn("#reason-dialog-text").write("malformed test post from the vendor's bench");
        robot.type(KeyCode.ENTER);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode discarded = get("/api/v1/dead-letters?status=discarded");
            assertThat(discarded.get("items").findValuesAsText("correlationId")).contains(correlationId);
        });
        robot.clickOn("#tab-lanes");
    }

    @Test
    void reprocessingADeadLetterFromTheConsoleTurnsItIntoAnEvent(FxRobot robot) throws Exception {
        // A valid reading sent with a malformed Idempotency-Key header is kept as a dead letter.
        String body = reading("mon-11", "ICU-11", null);
        HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/observations"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .header("Idempotency-Key", "has spaces in it")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        String correlationId = JSON.readTree(bad.body()).get("correlationId").asText();
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT8); // the dead letters screen, from the keyboard
        @SuppressWarnings("unchecked")
        TableView<holdfast.shared.api.DeadLetterItem> table =
                robot.lookup("#dead-letters-table").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> table.getItems().stream()
                .anyMatch(d -> d.correlationId().equals(correlationId)));
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(d -> d.correlationId().equals(correlationId)).findFirst().orElseThrow()));
        Button reprocess = robot.lookup("#reprocess").queryButton();
        await().atMost(Duration.ofSeconds(5)).until(() -> !reprocess.isDisabled());
        robot.push(KeyCode.ALT, KeyCode.R); // the Reprocess button's mnemonic opens the reason dialog
        robot.clickOn("#reason-dialog-text").write("sender fixed its header; the reading itself is fine");
        screenshot(robot, "#reason-dialog-text", "console-reprocess.png", true);
        robot.type(KeyCode.ENTER); // Reprocess is the dialog's default button
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode done = get("/api/v1/dead-letters?status=reprocessed").get("items");
            assertThat(done.findValuesAsText("correlationId")).contains(correlationId);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> table.getItems().stream()
                .noneMatch(d -> d.correlationId().equals(correlationId)));
        JsonNode again = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/observations"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(again.get("duplicate").asBoolean()).as("the reading is journaled: a resend is a duplicate").isTrue();
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
    }
}
