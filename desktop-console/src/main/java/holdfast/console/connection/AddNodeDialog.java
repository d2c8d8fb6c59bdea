package holdfast.console.connection;

import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/**
 * Asks for a node's name, URL and token. Enter confirms (OK is the default button), Escape cancels; OK
 * stays on the dialog and says what is wrong while the values cannot be used. The token is typed into a
 * password field and never shown.
 */
public final class AddNodeDialog extends Dialog<AddNodeDialog.Values> {

    /** What was entered. */
    public record Values(String name, String url, String token) {
        @Override
        public String toString() {
            return "Values[name=" + name + ", url=" + url + ", token=<hidden>]";
        }
    }

    public AddNodeDialog() {
        setTitle("Add edge node");
        setHeaderText("Connect to an edge node: its URL and a token issued by its admin.");
        TextField name = new TextField();
        name.setId("add-node-name");
        name.setPromptText("e.g. Ward 3 (optional)");
        TextField url = new TextField();
        url.setId("add-node-url");
        url.setPromptText("http://127.0.0.1:8080");
        PasswordField token = new PasswordField();
        token.setId("add-node-token");
        token.setPromptText("hf_…");
        Label problem = new Label();
        problem.setId("add-node-problem");
        problem.setWrapText(true);
        problem.setStyle("-fx-text-fill: #8a1020;");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        grid.addRow(0, label("_Name", name), name);
        grid.addRow(1, label("_URL", url), url);
        grid.addRow(2, label("_Token", token), token);
        grid.add(problem, 0, 3, 2, 1);
        name.setPrefColumnCount(28);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) getDialogPane().lookupButton(ButtonType.OK);
        ok.setId("add-node-ok");
        ok.addEventFilter(ActionEvent.ACTION, e -> ConnectionsViewModel.problem(url.getText(), token.getText())
                .ifPresent(p -> {
                    problem.setText(p);
                    e.consume();
                }));
        setResultConverter(b -> b == ButtonType.OK ? new Values(name.getText(), url.getText(), token.getText()) : null);
        setOnShown(e -> name.requestFocus()); // the first field: what is typed goes where it is read first
    }

    private static Label label(String text, javafx.scene.Node field) {
        Label label = new Label(text);
        label.setMnemonicParsing(true);
        label.setLabelFor(field);
        return label;
    }
}
