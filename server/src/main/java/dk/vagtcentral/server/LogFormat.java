package dk.vagtcentral.server;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * The log lines' format ({@code log.format}): {@code text}, the greppable {@code event=... key=value} lines of
 * logback.xml, or {@code json}, one JSON object a line (logback's {@link JsonEncoder}; the message keeps its
 * {@code event=...} text, the node id is the context property {@code node}) for a log collector.
 */
public final class LogFormat {
    private LogFormat() {
    }

    /** Switches the console output to {@code format}; a no-op for text, or when logging is not logback's. */
    public static void apply(String format, String nodeId) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.putProperty("node", nodeId);
        OutputStreamAppender<ILoggingEvent> console = console(context);
        if (console == null) {
            return;
        }
        Encoder<ILoggingEvent> current = console.getEncoder();
        Encoder<ILoggingEvent> encoder;
        if ("json".equals(format)) {
            if (current instanceof JsonEncoder) {
                return;
            }
            textEncoder = current;
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.start();
            encoder = json;
        } else {
            if (!(current instanceof JsonEncoder) || textEncoder == null) {
                return;
            }
            encoder = textEncoder; // logback.xml's own, kept when json replaced it
        }
        console.stop();
        console.setEncoder(encoder);
        console.start();
    }

    /** The encoder logback.xml configured, while json stands in for it. */
    private static Encoder<ILoggingEvent> textEncoder;

    /** The console appender behind the root logger's async appender (logback.xml's STDOUT). */
    static OutputStreamAppender<ILoggingEvent> console(LoggerContext context) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> async = root.getAppender("ASYNC");
        Appender<ILoggingEvent> out = async instanceof AsyncAppender a ? a.getAppender("STDOUT")
                : root.getAppender("STDOUT");
        return out instanceof OutputStreamAppender<ILoggingEvent> o ? o : null;
    }
}
