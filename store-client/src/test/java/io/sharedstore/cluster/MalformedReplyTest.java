package io.sharedstore.cluster;

import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Ping;
import io.sharedstore.store.protocol.Pong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Never a hang: whatever the manager answers, and whatever fails inside the connection, every
 * pending and later call completes (a success or a StoreException) long before its 60 s
 * timeout, and the failure is logged at ERROR under the connection's io.sharedstore logger.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedReplyTest {

  private static final String LOGGER = StoreConnection.class.getName();

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  /** Well below the calls' own 60 s timeout: a call that waits for it fails the test. */
  private static <T> T result(CompletableFuture<T> call) throws Exception {
    return call.get(5, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<?> call) throws Exception {
    try {
      call.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the call succeeded");
  }

  private static void answer(Batch batch, long id, Reply reply) {
    batch.replyTo().tell(new Replies(
        List.of(new Outcome(id, Optional.of(reply), Optional.empty()))));
  }

  @Test
  void anOutcomeWithNeitherReplyNorErrorFailsItsCallAndTheOthersGoOn() throws Exception {
    LocalConnection c = new LocalConnection(testKit);
    CompletableFuture<Boolean> malformed = c.client.has("malformed").toCompletableFuture();
    CompletableFuture<Boolean> fine = c.client.has("fine").toCompletableFuture();
    List<Batch> batches = c.batchesCarrying(2);
    Batch last = batches.get(batches.size() - 1);
    long malformedId = batches.get(0).requests().get(0).id();
    long fineId = last.requests().get(last.requests().size() - 1).id();

    LoggingTestKit.error("malformed answer").withLoggerName(LOGGER).expect(
        testKit.system(),
        () -> {
          last.replyTo().tell(new Replies(List.of(
              new Outcome(malformedId, Optional.empty(), Optional.empty()),
              new Outcome(
                  fineId, Optional.of(new Reply.Exists(true)), Optional.empty()))));
          return null;
        });

    StoreException e = assertInstanceOf(StoreException.class, failure(malformed));
    assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    assertEquals("has", e.operation());
    assertTrue(result(fine));

    CompletableFuture<Boolean> later = c.client.has("later").toCompletableFuture();
    Batch batch = c.next(Batch.class);
    answer(batch, batch.requests().get(0).id(), new Reply.Exists(false));
    assertEquals(false, result(later));
  }

  @Test
  void aPongWithoutAnEpochIsLoggedAndCallsStillComplete() throws Exception {
    LocalConnection c = new LocalConnection(testKit);
    CompletableFuture<Boolean> pending = c.client.has("pending").toCompletableFuture();
    Batch sent = c.next(Batch.class);
    ActorRef<Pong> pongAddress = c.next(Ping.class).replyTo();

    LoggingTestKit.error("without an epoch").withLoggerName(LOGGER).expect(
        testKit.system(),
        () -> {
          pongAddress.tell(new Pong(null, false));
          return null;
        });
    pongAddress.tell(new Pong("epoch-1", false));
    pongAddress.tell(new Pong(null, false));

    answer(sent, sent.requests().get(0).id(), new Reply.Exists(true));
    assertTrue(result(pending));
    CompletableFuture<Boolean> later = c.client.has("later").toCompletableFuture();
    Batch batch = c.next(Batch.class);
    answer(batch, batch.requests().get(0).id(), new Reply.Exists(true));
    assertTrue(result(later));
    assertTrue(c.state.isReachable());
  }

  @Test
  void aFailureInsideTheConnectionRestartsItAndFailsEveryCallInFlight() throws Exception {
    LocalConnection c = new LocalConnection(testKit);
    CompletableFuture<Boolean> inFlight = c.client.has("in-flight").toCompletableFuture();
    Batch before = c.next(Batch.class);

    // A request the connection cannot handle (no operation: only a bug makes one) throws inside
    // the connection actor.
    CompletableFuture<Object> broken = new CompletableFuture<>();
    LoggingTestKit.error("failing [2] calls in flight").withLoggerName(LOGGER).expect(
        testKit.system(),
        () -> {
          c.calls.<Reply.Value, Object>ask(
                  "get", "broken", LocalConnection.CALL_TIMEOUT,
                  (Operation<Reply.Value>) null,
                  reply -> reply)
              .whenComplete((v, e) -> {
                if (e != null) {
                  broken.completeExceptionally(e);
                } else {
                  broken.complete(v);
                }
              });
          return null;
        });

    StoreException failedInFlight = assertInstanceOf(StoreException.class, failure(inFlight));
    assertTrue(failedInFlight.getMessage().contains("failed"), failedInFlight.getMessage());
    assertInstanceOf(StoreException.class, failure(broken));

    // The late answer to the failed call is dropped; the restarted connection serves new calls.
    answer(before, before.requests().get(0).id(), new Reply.Exists(true));
    CompletableFuture<Boolean> later = c.client.has("later").toCompletableFuture();
    Batch batch = c.next(Batch.class);
    long laterId = batch.requests().get(0).id();
    assertTrue(laterId > before.requests().get(0).id(), "ids restarted: " + laterId);
    answer(batch, laterId, new Reply.Exists(true));
    assertTrue(result(later));
  }

  @Test
  void aTimeoutBelowOneMillisecondIsRefusedAtTheCall() {
    LocalConnection c = new LocalConnection(testKit);
    for (Duration timeout : List.of(Duration.ofNanos(1), Duration.ZERO, Duration.ofMillis(-5))) {
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class, () -> c.client.get("k", String.class, timeout));
      assertTrue(e.getMessage().contains("at least 1 ms"), e.getMessage());
    }
  }
}
