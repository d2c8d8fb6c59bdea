package holdfast.console.format;

import java.util.function.Consumer;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;

/**
 * Two toggle buttons of which exactly one is chosen at all times (clicking the chosen one again keeps it), the
 * first at the start; each choice is handed on as its value.
 */
public record TwoToggles(ToggleButton first, ToggleButton second) {

    /** Each button as text, id and the value it stands for; {@code chosen} is told each new choice. */
    public static <T> TwoToggles of(String firstText, String firstId, T firstValue, String secondText,
                                    String secondId, T secondValue, Consumer<T> chosen) {
        ToggleGroup group = new ToggleGroup();
        ToggleButton first = new ToggleButton(firstText);
        first.setId(firstId);
        ToggleButton second = new ToggleButton(secondText);
        second.setId(secondId);
        first.setToggleGroup(group);
        second.setToggleGroup(group);
        first.setSelected(true);
        group.selectedToggleProperty().addListener((o, old, now) -> {
            if (now == null) {
                old.setSelected(true); // one of the two is always chosen
            } else {
                chosen.accept(now == second ? secondValue : firstValue);
            }
        });
        return new TwoToggles(first, second);
    }
}
