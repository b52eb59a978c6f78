package io.sharedstore.store;

import io.sharedstore.store.protocol.Pong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.apache.pekko.actor.ActorPaths;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The heartbeat's bookkeeping: who is new, who fell silent (longest silent first), who left, and
 * how clients are named in the log.
 */
@ExtendWith(TestKitJUnit5Extension.class)
class PingersTest {

  private static final long SILENCE = 1_000;

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private ActorRef<Pong> client() {
    return testKit.<Pong>createTestProbe().getRef();
  }

  @Test
  void aClientIsNewUntilItHasPingedAndAgainOnceItFellSilentOrLeft() {
    Pingers pingers = new Pingers(SILENCE);
    ActorRef<Pong> a = client();
    assertTrue(pingers.seen(a, 0));
    assertFalse(pingers.seen(a, SILENCE));
    assertEquals(List.of(a), pingers.forgetSilent(2 * SILENCE + 1));
    assertTrue(pingers.seen(a, 2 * SILENCE + 1));
    assertTrue(pingers.left(a));
    assertFalse(pingers.left(a));
    assertTrue(pingers.seen(a, 2 * SILENCE + 2));
  }

  @Test
  void theSilentAreForgottenLongestSilentFirstAndTheNextSilenceIsKnown() {
    Pingers pingers = new Pingers(SILENCE);
    ActorRef<Pong> a = client();
    ActorRef<Pong> b = client();
    ActorRef<Pong> c = client();
    assertEquals(OptionalLong.empty(), pingers.nanosUntilNextSilence(0));
    pingers.seen(a, 0);
    pingers.seen(b, 10);
    pingers.seen(c, 20);
    pingers.seen(a, 30); // a again: now b is the least recently seen
    assertEquals(OptionalLong.of(SILENCE - 90), pingers.nanosUntilNextSilence(100));

    assertEquals(List.of(), pingers.forgetSilent(SILENCE + 10)); // b: exactly the timeout
    assertEquals(List.of(b, c), pingers.forgetSilent(SILENCE + 21));
    assertEquals(List.of(a), pingers.present(SILENCE + 21));
    assertEquals(List.of(), pingers.present(SILENCE + 31));
  }

  @Test
  void aClientIsNamedByTheClusterIdInItsConnectionsNameAndItsAddress() {
    assertEquals(
        "cluster [3] at [shared-store-cluster-3@127.0.0.1:40213]",
        ClientNames.describe(
            ActorPaths.fromString(
                "pekko://shared-store-cluster-3@127.0.0.1:40213/system/shared-store-connection-3-1/$$a-adapter")));
    assertEquals(
        "cluster [12] at [app@10.0.0.5:2552]",
        ClientNames.describe(
            ActorPaths.fromString("pekko://app@10.0.0.5:2552/system/shared-store-connection-12-4")));
    assertEquals(
        "unknown cluster at [peer@127.0.0.1:1234]",
        ClientNames.describe(ActorPaths.fromString("pekko://peer@127.0.0.1:1234/user/whatever")));
  }

  @Test
  void theListedAreThosePresentMostRecentlySeenFirstWithWhenTheyCameAndAtMostMax() {
    Pingers pingers = new Pingers(SILENCE);
    ActorRef<Pong> a = client();
    ActorRef<Pong> b = client();
    ActorRef<Pong> c = client();
    pingers.seen(a, 0);
    pingers.seen(b, 10);
    pingers.seen(c, 20);
    pingers.seen(a, 30);
    assertEquals(List.of(new Pingers.Seen(a, 0, 30), new Pingers.Seen(c, 20, 20),
        new Pingers.Seen(b, 10, 10)), pingers.listed(40, 10));
    assertEquals(List.of(new Pingers.Seen(a, 0, 30), new Pingers.Seen(c, 20, 20)),
        pingers.listed(40, 2));
    assertEquals(3, pingers.presentCount(40));
    // b falls silent: neither listed nor counted, though not yet forgotten
    assertEquals(List.of(new Pingers.Seen(a, 0, 30), new Pingers.Seen(c, 20, 20)),
        pingers.listed(SILENCE + 11, 10));
    assertEquals(2, pingers.presentCount(SILENCE + 11));
    assertEquals(3, pingers.size());
    // a leaves and comes back: first seen again
    pingers.left(a);
    pingers.seen(a, 50);
    assertEquals(new Pingers.Seen(a, 50, 50), pingers.listed(60, 1).get(0));
  }
}
