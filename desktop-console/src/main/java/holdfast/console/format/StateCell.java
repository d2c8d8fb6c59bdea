package holdfast.console.format;

import java.util.function.Function;
import javafx.scene.control.TableCell;

/** A table cell showing a row's state as colour, icon and word; the severity is kept in its properties. */
public final class StateCell<T> extends TableCell<T, String> {

    private final Function<String, StateLook> look;

    public StateCell(Function<String, StateLook> look) {
        this.look = look;
    }

    @Override
    protected void updateItem(String state, boolean empty) {
        super.updateItem(state, empty);
        if (empty || state == null) {
            setText(null);
            setStyle("");
            getProperties().remove("severity");
            return;
        }
        StateLook l = look.apply(state);
        setText(l.text());
        setStyle(StateLook.style(l.severity()) + " -fx-font-weight: bold;");
        setAccessibleText(l.word());
        getProperties().put("severity", l.severity());
    }
}
