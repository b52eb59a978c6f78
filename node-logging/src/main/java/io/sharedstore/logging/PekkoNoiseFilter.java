package io.sharedstore.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.regex.Pattern;

/**
 * A Logback filter that drops exactly two warnings Pekko logs in every store JVM although nothing
 * is wrong, and lets everything else through (Pekko's other warnings from the same loggers too):
 *
 * <ul>
 *   <li>{@code Pekko Cluster not in use - Using Pekko Cluster is recommended if you need remote
 *       watch and deploy.}, logged at every start of an ActorSystem with plain remoting. The store
 *       uses plain remoting on purpose and neither remote watch nor remote deployment; no setting
 *       turns the line off except enabling those unsafe features.
 *   <li>{@code [outbound connection to [ADDRESS], control|message stream] Upstream failed, cause:
 *       StreamTcpException: The connection has been aborted}, logged when Artery itself aborts its
 *       outbound connection: at every normal shutdown (after it has flushed what was queued), and
 *       when it stops an idle stream (Akka issue 27602). A connection that fails for a real reason
 *       shows another cause (refused, reset by peer, handshake timeout) and is not dropped; a
 *       stream Artery restarts after a failure logs that failure separately.
 * </ul>
 *
 * <p>Use it on an appender: {@code <filter class="io.sharedstore.logging.PekkoNoiseFilter"/>}.
 */
public final class PekkoNoiseFilter extends Filter<ILoggingEvent> {

  static final String PROVIDER_LOGGER = "org.apache.pekko.remote.RemoteActorRefProvider";
  static final String CLUSTER_NOT_IN_USE =
      "Pekko Cluster not in use - Using Pekko Cluster is recommended if you need remote watch and"
          + " deploy.";

  static final String STREAM_LOGGER = "org.apache.pekko.stream.Materializer";
  private static final Pattern OWN_ABORT =
      Pattern.compile(
          "\\[outbound connection to \\[[^\\]\\s]+\\], [a-z ]*stream\\] Upstream failed, cause:"
              + " StreamTcpException: The connection has been aborted");

  /** Creates the filter; Logback calls it for a {@code <filter>} element. */
  public PekkoNoiseFilter() {}

  @Override
  public FilterReply decide(ILoggingEvent event) {
    return isNoise(event) ? FilterReply.DENY : FilterReply.NEUTRAL;
  }

  private static boolean isNoise(ILoggingEvent event) {
    if (event.getLevel() != Level.WARN) {
      return false;
    }
    String logger = event.getLoggerName();
    if (PROVIDER_LOGGER.equals(logger)) {
      return CLUSTER_NOT_IN_USE.equals(event.getFormattedMessage());
    }
    if (STREAM_LOGGER.equals(logger)) {
      return OWN_ABORT.matcher(event.getFormattedMessage()).matches();
    }
    return false;
  }
}
