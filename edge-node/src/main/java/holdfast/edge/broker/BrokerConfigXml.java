package holdfast.edge.broker;

/**
 * The embedded broker's {@code config.xml}, rewritten at every start from the node's settings so that the
 * node's configuration stays the only place to change it.
 */
final class BrokerConfigXml {

    private BrokerConfigXml() {
    }

    static String render(BrokerSettings settings) {
        return """
                <?xml version="1.0"?>
                <!-- Written by the Holdfast edge node at start-up from mqtt.embedded-broker.*: edits here are lost. -->
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <queued-messages>
                            <!-- HiveMQ's default (1000, discard) silently drops messages for an offline node. -->
                            <max-queue-size>%d</max-queue-size>
                            <strategy>discard</strategy>
                        </queued-messages>
                    </mqtt>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(settings.port(), xml(settings.host()), settings.maxQueueSize());
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
