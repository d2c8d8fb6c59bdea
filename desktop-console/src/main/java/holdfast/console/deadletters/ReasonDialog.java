package holdfast.console.deadletters;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/**
 * Asks why, before a dead letter is reprocessed or discarded: the reason is required and kept in the audit
 * trail. The action's button is the default (Enter) and stays disabled until a reason is typed; Escape cancels.
 */
final class ReasonDialog extends Dialog<String> {

    ReasonDialog(String title, String question, String action) {
        setTitle(title);
        setHeaderText(question);
        TextField reason = new TextField();
        reason.setId("reason-dialog-text");
        reason.setPromptText("Reason (required, kept in the audit trail)");
        reason.setPrefColumnCount(40);
        Label label = new Label("_Reason");
        label.setMnemonicParsing(true);
        label.setLabelFor(reason);
        VBox content = new VBox(6, label, reason);
        content.setPadding(new Insets(12));
        getDialogPane().setContent(content);
        ButtonType confirm = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().setAll(confirm, ButtonType.CANCEL);
        Button ok = (Button) getDialogPane().lookupButton(confirm);
        ok.setId("reason-dialog-ok");
        ok.disableProperty().bind(reason.textProperty().map(String::isBlank));
        setResultConverter(b -> b == confirm ? reason.getText().trim() : null);
        setOnShown(e -> reason.requestFocus());
    }
}
