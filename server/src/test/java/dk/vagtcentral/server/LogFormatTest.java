package dk.vagtcentral.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** log.format json: one JSON object a line, the message and the node id in it; text again afterwards. */
class LogFormatTest {
    final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @AfterEach
    void backToText() {
        LogFormat.apply("text", "test");
    }

    @Test
    void jsonLinesCarryTheEventAndTheNode() {
        LogFormat.apply("json", "node-b");
        assertThat(LogFormat.console(context).getEncoder()).isInstanceOf(JsonEncoder.class);

        LoggingEvent event = new LoggingEvent("x", context.getLogger("dk.vagtcentral.Test"), Level.INFO,
                "event=alarm.stored alarm_id={} account={}", null, new Object[] {4, "1003"});
        String line = new String(LogFormat.console(context).getEncoder().encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain("\n{");
        JsonObject json = new JsonObject(line.strip());
        assertThat(json.getString("level")).isEqualTo("INFO");
        assertThat(json.encode()).contains("event=alarm.stored alarm_id={} account={}").contains("\"1003\"")
                .contains("node-b");
    }

    @Test
    void textIsTheDefaultPattern() {
        LogFormat.apply("json", "node-b");
        LogFormat.apply("text", "node-b");
        LoggingEvent event = new LoggingEvent("x", context.getLogger("dk.vagtcentral.Test"), Level.INFO,
                "event=alarm.stored alarm_id={}", null, new Object[] {4});
        String line = new String(LogFormat.console(context).getEncoder().encode(event), StandardCharsets.UTF_8);
        assertThat(line).contains("INFO").contains("event=alarm.stored alarm_id=4").doesNotStartWith("{");
    }
}
