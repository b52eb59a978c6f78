package io.sharedstore.cluster;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing a client fails the calls still in flight at once: nobody waits out a timeout. */
class ClientCloseTest {

  @Test
  void callsInFlightFailWhenTheClientCloses() throws Exception {
    SilentManager manager = new SilentManager(); // nothing answers
    ClusterClient cluster = ClusterClient.connect(13, manager.address());
    try {
      CompletableFuture<Optional<String>> inFlight =
          cluster.store().get("k", String.class, Duration.ofSeconds(60)).toCompletableFuture();
      cluster.close();

      ExecutionException e =
          assertThrows(ExecutionException.class, () -> inFlight.get(10, TimeUnit.SECONDS));
      StoreException cause = assertInstanceOf(StoreException.class, e.getCause());
      assertTrue(cause.getMessage().contains("closed"), cause.getMessage());
      assertThrows(IllegalStateException.class, () -> cluster.store().has("k"));
    } finally {
      cluster.close();
      manager.close();
    }
  }
}
