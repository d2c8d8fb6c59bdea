package holdfast.edge.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerConfigXmlTest {

    @Test
    void brokerListensOnLoopbackKeepsLongQueuesAndNeverPhonesHome() {
        String xml = BrokerConfigXml.render(new BrokerSettings(18830, "127.0.0.1", false, 1_000_000, 1_000));
        assertThat(xml).startsWith("<?xml");
        assertThat(xml).contains("<port>18830</port>", "<bind-address>127.0.0.1</bind-address>",
                "<max-queue-size>1000000</max-queue-size>");
        assertThat(xml.replaceAll("\\s+", "")).contains("<anonymous-usage-statistics><enabled>false</enabled>");
    }
}
