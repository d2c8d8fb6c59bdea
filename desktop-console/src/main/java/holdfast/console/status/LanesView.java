package holdfast.console.status;

import holdfast.console.format.TwoToggles;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.util.StringConverter;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.scene.layout.Priority;

/**
 * Lanes screen: per-lane backlog, oldest unsynced age, ingest and sync rates, and the backlog chart over the
 * last hour or day in local wall-clock time, from the history the node keeps.
 */
public final class LanesView extends VBox {

    public LanesView(StatusViewModel model) {
        TableView<LaneRow> table = new TableView<>(model.lanes());
        table.setId("lanes-table");
        table.getColumns().add(column("Lane", LaneRow::name));
        table.getColumns().add(column("Journaled", r -> String.format("%,d", r.appended())));
        table.getColumns().add(column("Synced", r -> String.format("%,d", r.synced())));
        table.getColumns().add(column("Backlog", r -> String.format("%,d", r.backlog())));
        table.getColumns().add(column("Oldest unsynced", r -> age(r.oldestBacklogAgeMs())));
        table.getColumns().add(column("Ingest /s", r -> String.format("%.0f", r.ingestPerSecond())));
        table.getColumns().add(column("Sync /s", r -> String.format("%.0f", r.syncPerSecond())));
        table.getColumns().add(column("Accepting", r -> r.accepting() ? "yes" : "NO (back-pressure)"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(140);

        LaneHistoryViewModel history = model.history();
        NumberAxis time = new NumberAxis();
        time.setAutoRanging(false);
        time.setMinorTickVisible(false);
        time.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number epochSecond) {
                return ZonedDateTime.ofInstant(Instant.ofEpochSecond(epochSecond.longValue()), history.zone())
                        .format(HOURS_MINUTES);
            }

            @Override
            public Number fromString(String text) {
                return 0;
            }
        });
        NumberAxis backlog = new NumberAxis();
        backlog.setLabel("events waiting");
        backlog.setMinorTickVisible(false);
        backlog.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                // Events come whole: a tick between two whole numbers gets no label rather than "0.25".
                return n.doubleValue() == Math.rint(n.doubleValue()) ? String.format("%,d", n.longValue()) : "";
            }

            @Override
            public Number fromString(String text) {
                return 0;
            }
        });
        LineChart<Number, Number> chart = new LineChart<>(time, backlog, model.backlogChart());
        chart.setId("backlog-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.titleProperty().bind(history.captionProperty());
        chart.opacityProperty().bind(history.staleProperty().map(s -> s ? 0.5 : 1.0));
        Runnable axis = () -> {
            long[] range = history.range();
            time.setLowerBound(range[0]);
            time.setUpperBound(range[1]);
            time.setTickUnit(history.minutesProperty().get() >= LaneHistoryViewModel.DAY ? 3 * 3600 : 600);
            time.setLabel("local time (" + history.zone().getDisplayName(java.time.format.TextStyle.SHORT,
                    java.util.Locale.UK) + ")");
        };
        axis.run();
        model.backlogChart().addListener((javafx.collections.ListChangeListener<Object>) c -> axis.run());
        history.captionProperty().addListener((o, old, now) -> axis.run());
        VBox.setVgrow(chart, Priority.ALWAYS);
        chart.setMinSize(0, 0);

        TwoToggles span = TwoToggles.of("1 h", "history-hour", LaneHistoryViewModel.HOUR, "24 h", "history-day",
                LaneHistoryViewModel.DAY, history.minutesProperty()::set);
        ToggleButton hour = span.first();
        ToggleButton day = span.second();
        Label proof = new Label();
        proof.setId("end-to-end-proof");
        proof.setWrapText(true);
        proof.textProperty().bind(model.statusProperty().map(s -> ProofLine.of(s, history.zone())).orElse(""));
        setSpacing(8);
        setPadding(new javafx.geometry.Insets(8));
        getChildren().addAll(table, proof, new HBox(4, new Label("Chart:"), hour, day), chart);
    }

    private static final DateTimeFormatter HOURS_MINUTES = DateTimeFormatter.ofPattern("HH:mm");

    static String age(long millis) {
        if (millis <= 0) {
            return "\u2014";
        }
        long s = millis / 1000;
        return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private static TableColumn<LaneRow, String> column(String title, Function<LaneRow, String> value) {
        TableColumn<LaneRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        if (!title.equals("Lane") && !title.equals("Accepting")) {
            c.setStyle("-fx-alignment: CENTER-RIGHT;"); // numbers line up by their last digit
        }
        return c;
    }
}
