package io.sharedstore.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

/**
 * The filter drops the two harmless Pekko warnings, as Pekko logs them (texts copied from a
 * manager's and a client's log), and nothing else: not the real connection failures logged by
 * the same loggers, not the same text at another level or from another logger.
 */
class PekkoNoiseFilterTest {

  private static final String PROVIDER = "org.apache.pekko.remote.RemoteActorRefProvider";
  private static final String STREAM = "org.apache.pekko.stream.Materializer";
  private static final String CLUSTER_NOT_IN_USE =
      "Pekko Cluster not in use - Using Pekko Cluster is recommended if you need remote watch and"
          + " deploy.";

  private final PekkoNoiseFilter filter = new PekkoNoiseFilter();

  @Test
  void dropsTheStartWarningOfPlainRemoting() {
    assertEquals(FilterReply.DENY, decide(PROVIDER, Level.WARN, CLUSTER_NOT_IN_USE));
  }

  @Test
  void dropsArterysOwnAbortOfItsOutboundStreams() {
    for (String stream : new String[] {"control", "message", "large message"}) {
      assertEquals(
          FilterReply.DENY,
          decide(
              STREAM,
              Level.WARN,
              "[outbound connection to [pekko://shared-store@127.0.0.1:17399], " + stream
                  + " stream] Upstream failed, cause: StreamTcpException: The connection has been"
                  + " aborted"),
          stream);
    }
  }

  @Test
  void keepsRealConnectionFailuresAndOtherWarningsOfTheSameLoggers() {
    assertEquals(
        FilterReply.NEUTRAL,
        decide(
            STREAM,
            Level.WARN,
            "[outbound connection to [pekko://shared-store@127.0.0.1:17399], control stream]"
                + " Upstream failed, cause: StreamTcpException: Tcp command"
                + " [Connect(127.0.0.1:17399,None,List(),Some(5000 milliseconds),true)] failed"
                + " because of java.net.ConnectException: Connection refused"));
    assertEquals(
        FilterReply.NEUTRAL,
        decide(
            STREAM,
            Level.WARN,
            "[outbound connection to [pekko://shared-store@127.0.0.1:17399], message stream]"
                + " Upstream failed, cause: StreamTcpException: The connection closed with error:"
                + " Connection reset by peer"));
    assertEquals(
        FilterReply.NEUTRAL,
        decide(
            PROVIDER,
            Level.WARN,
            "Error while resolving ActorRef [pekko://shared-store@127.0.0.1:1/user/x] due to [x]"));
  }

  @Test
  void keepsTheSameTextAtAnotherLevelOrFromAnotherLogger() {
    assertEquals(FilterReply.NEUTRAL, decide(PROVIDER, Level.ERROR, CLUSTER_NOT_IN_USE));
    assertEquals(FilterReply.NEUTRAL, decide("io.sharedstore.store.X", Level.WARN, CLUSTER_NOT_IN_USE));
  }

  private FilterReply decide(String logger, Level level, String message) {
    LoggingEvent event = new LoggingEvent();
    event.setLoggerName(logger);
    event.setLevel(level);
    event.setMessage(message);
    return filter.decide(event);
  }
}
