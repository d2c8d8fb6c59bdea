package holdfast.console;

import holdfast.console.alerts.AlertsView;
import holdfast.console.alerts.AlertsViewModel;
import holdfast.console.deadletters.DeadLettersView;
import holdfast.console.deadletters.DeadLettersViewModel;
import holdfast.console.reconcile.ReconciliationsView;
import holdfast.console.reconcile.ReconciliationsViewModel;
import holdfast.console.status.BannerView;
import holdfast.console.status.LanesView;
import holdfast.console.status.StatusViewModel;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;

/** The console window's content: the mode banner above every screen, the screens in tabs below. */
public final class MainView extends BorderPane {

    public MainView(StatusViewModel status, AlertsViewModel alerts, ReconciliationsViewModel reconciliations,
                    DeadLettersViewModel deadLetters) {
        setTop(new BannerView(status));
        TabPane tabs = new TabPane(
                tab("Lanes", "tab-lanes", new LanesView(status)),
                tab("Alerts", "tab-alerts", new AlertsView(alerts)),
                tab("Reconciliations", "tab-reconciliations", new ReconciliationsView(reconciliations)),
                tab("Dead letters", "tab-dead-letters", new DeadLettersView(deadLetters)));
        tabs.setId("tabs");
        setCenter(tabs);
    }

    private static Tab tab(String title, String id, javafx.scene.Node content) {
        Tab tab = new Tab(title, content);
        tab.setId(id);
        tab.setClosable(false);
        return tab;
    }
}
