package dev.seam.contract;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.seam.Seam;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures what Seam logs during a test, from any thread. */
final class LogCapture implements AutoCloseable {
  private final Logger logger = (Logger) LoggerFactory.getLogger(Seam.class);
  private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> appender =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          events.add(event);
        }
      };

  LogCapture() {
    appender.start();
    logger.addAppender(appender);
  }

  List<ILoggingEvent> events() {
    return List.copyOf(events);
  }

  List<String> messages() {
    return events.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
