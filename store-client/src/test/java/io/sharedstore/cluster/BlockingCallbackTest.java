package io.sharedstore.cluster;

import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The calls one Replies message answers are completed together, but a caller's callback that
 * blocks does not hold up the others: here the first call's callback waits for the second call,
 * answered in the same message after it, and both complete.
 */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockingCallbackTest {

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  @Test
  void aCallbackWaitingForALaterCallOfTheSameRepliesDoesNotHoldItUp() throws Exception {
    LocalConnection c = new LocalConnection(testKit);
    CompletableFuture<Boolean> second = new CompletableFuture<>();
    CompletableFuture<Boolean> firstThenSecond =
        c.client.has("first").toCompletableFuture()
            .thenApply(first -> {
              try {
                return first && second.get(10, TimeUnit.SECONDS); // blocks its thread meanwhile
              } catch (Exception e) {
                throw new IllegalStateException("the second call was held up", e);
              }
            });
    c.client.has("second").toCompletableFuture().whenComplete((v, e) -> {
      if (e != null) {
        second.completeExceptionally(e);
      } else {
        second.complete(v);
      }
    });
    List<Outcome> outcomes = new ArrayList<>();
    Batch last = null;
    for (Batch batch : c.batchesCarrying(2)) {
      for (Request request : batch.requests()) {
        outcomes.add(new Outcome(
            request.id(), Optional.of(new Reply.Exists(true)), Optional.empty()));
      }
      last = batch;
    }

    last.replyTo().tell(new Replies(outcomes)); // first, then second
    assertEquals(true, second.get(5, TimeUnit.SECONDS));
    assertEquals(true, firstThenSecond.get(5, TimeUnit.SECONDS));
  }
}
