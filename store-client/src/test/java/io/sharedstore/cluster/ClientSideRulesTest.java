package io.sharedstore.cluster;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client runs the manager's own argument checks ({@code OperationRules}) before it sends: an
 * operation the manager would refuse fails at once with the manager's {@link
 * StoreRejectedException}, and nothing is sent — here to a manager that never answers, so a call
 * that was sent would wait out its 60 s timeout instead.
 */
class ClientSideRulesTest {

  @Test
  void aScanCursorTheManagerWouldRefuseFailsAtOnceUnsent() throws Exception {
    SilentManager manager = new SilentManager();
    ClusterClient cluster = ClusterClient.connect(14, manager.address());
    try {
      String cursor = "c".repeat(2_000); // longer than any key: no scan can resume after it
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () ->
                  cluster.store().scan("*", cursor, 10, Duration.ofSeconds(60))
                      .toCompletableFuture().get(5, TimeUnit.SECONDS));
      StoreRejectedException refused = assertInstanceOf(StoreRejectedException.class, e.getCause());
      assertTrue(refused.getMessage().contains("scan"), refused.getMessage());
      assertTrue(refused.getMessage().contains("1024"), refused.getMessage());
    } finally {
      cluster.close();
      manager.close();
    }
  }
}
