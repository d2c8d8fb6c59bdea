package holdfast.edge.observe;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;

/**
 * Makes the node's own {@code logback.xml} win. The embedded broker's jar (HiveMQ CE) carries a
 * {@code logback.xml} too; Logback would take whichever comes first on the class path and print warnings
 * about the other. Registered as a Logback {@link Configurator} service, this loads the copy that sits beside
 * this class. {@code -Dlogback.configurationFile} still takes precedence.
 */
public final class NodeLogbackConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        URL ours = ours();
        if (ours == null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        try {
            joran.doConfigure(ours);
        } catch (JoranException e) {
            addError("cannot configure Logback from " + ours, e);
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The {@code logback.xml} from the same jar or classes folder as this class. */
    private static URL ours() {
        URL self = NodeLogbackConfigurator.class.getResource("NodeLogbackConfigurator.class");
        if (self == null) {
            return null;
        }
        String s = self.toString();
        String base = s.substring(0, s.length() - "holdfast/edge/observe/NodeLogbackConfigurator.class".length());
        try {
            for (URL url : Collections.list(NodeLogbackConfigurator.class.getClassLoader().getResources("logback.xml"))) {
                if (url.toString().equals(base + "logback.xml")) {
                    return url;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
