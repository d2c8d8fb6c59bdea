package holdfast.console;

import javafx.application.Application;

/** {@code ./holdfast console [--url U --token T]}: starts the JavaFX console. */
public final class ConsoleMain {
    private ConsoleMain() {
    }

    public static void main(String[] args) {
        Application.launch(ConsoleApp.class, args);
    }
}
