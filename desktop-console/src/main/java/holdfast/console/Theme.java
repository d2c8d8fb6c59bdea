package holdfast.console;

import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;

/** The console's look: AtlantaFX Primer Light for every window, set once before the first scene is shown. */
public final class Theme {

    private Theme() {
    }

    public static void install() {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }
}
