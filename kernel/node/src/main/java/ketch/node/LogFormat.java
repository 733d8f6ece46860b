package ketch.node;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per log record on standard error: time, level, logger, message (and a stack trace if any). */
final class LogFormat extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Replaces the JDK's two-line default with this format, unless a logging config file was given. */
    static void install() {
        if (System.getProperty("java.util.logging.config.file") != null) return;
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) root.removeHandler(h);
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new LogFormat());
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        CHATTY_LIBRARY.setLevel(Level.WARNING); // Chronicle reports routine timings at INFO
    }

    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger CHATTY_LIBRARY = Logger.getLogger("net.openhft");

    @Override
    public String format(LogRecord r) {
        String logger = r.getLoggerName() == null ? "" : r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1);
        StringBuilder b = new StringBuilder()
                .append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ')
                .append(r.getLevel().getName()).append(' ')
                .append(logger).append(": ")
                .append(formatMessage(r)).append('\n');
        if (r.getThrown() != null) {
            java.io.StringWriter sw = new java.io.StringWriter();
            r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
            b.append(sw);
        }
        return b.toString();
    }
}
