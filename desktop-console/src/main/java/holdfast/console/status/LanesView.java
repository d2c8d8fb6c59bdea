package holdfast.console.status;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.scene.layout.Priority;

/** Lanes screen: per-lane backlog, oldest unsynced age, ingest and sync rates, and a live backlog chart. */
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

        NumberAxis time = new NumberAxis();
        time.setLabel("seconds since the console started");
        time.setForceZeroInRange(false);
        NumberAxis backlog = new NumberAxis();
        backlog.setLabel("backlog (events)");
        LineChart<Number, Number> chart = new LineChart<>(time, backlog, model.backlogChart());
        chart.setId("backlog-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setTitle("Backlog per lane");
        VBox.setVgrow(chart, Priority.ALWAYS);
        chart.setMinSize(0, 0);
        setSpacing(8);
        setPadding(new javafx.geometry.Insets(8));
        getChildren().addAll(table, chart);
    }

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
        return c;
    }
}
