package io.sharedstore.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pause fence on a clock the test moves: when it closes, when it opens again. */
class PauseFenceTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final PauseFence fence = new PauseFence(Duration.ofSeconds(1), nanos::get);

  private void passes(Duration time) {
    nanos.addAndGet(time.toNanos());
  }

  @Test
  void ticksCloserThanTheThresholdKeepItOpen() {
    for (int i = 0; i < 50; i++) {
      passes(Duration.ofMillis(100));
      fence.tick();
      assertTrue(fence.open());
    }
    assertFalse(fence.held());
    assertEquals(0, fence.pauses());
  }

  @Test
  void aSlotThatRunsBeforeTheTickerAfterAPauseFindsItClosed() {
    passes(Duration.ofSeconds(3)); // the ticker has not run since
    assertFalse(fence.open(), "the last tick is older than the threshold");
    assertFalse(fence.held(), "not noticed yet");
  }

  @Test
  void theTickAfterAPauseHoldsItUntilReleased() {
    passes(Duration.ofMillis(3_200));
    fence.tick();
    assertTrue(fence.held());
    assertFalse(fence.open(), "held, though the tick is fresh");
    assertEquals(3_200, fence.pausedMillis());
    assertEquals(1, fence.pauses());
    passes(Duration.ofMillis(100));
    fence.tick();
    assertFalse(fence.open(), "a tick does not open it");
    assertTrue(fence.release(1));
    assertTrue(fence.open());
  }

  @Test
  void aConfirmationBegunBeforeAnotherPauseDoesNotOpenIt() {
    passes(Duration.ofSeconds(2));
    fence.tick();
    long confirming = fence.pauses();
    passes(Duration.ofSeconds(2));
    fence.tick(); // a second pause while the first one was being confirmed
    assertFalse(fence.release(confirming));
    assertFalse(fence.open());
    assertTrue(fence.release(fence.pauses()));
    assertTrue(fence.open());
  }

  @Test
  void neverIsAlwaysOpen() {
    PauseFence never = PauseFence.never();
    never.tick();
    assertTrue(never.open());
    assertFalse(never.held());
  }

  @Test
  void aMajorityOfTheNodesIsItselfAndHalfOfTheOthers() {
    assertEquals(0, PauseConfirm.needed(0), "alone: itself");
    assertEquals(1, PauseConfirm.needed(1), "2 nodes: both");
    assertEquals(1, PauseConfirm.needed(2), "3 nodes: 2");
    assertEquals(2, PauseConfirm.needed(3), "4 nodes: 3");
    assertEquals(2, PauseConfirm.needed(4), "5 nodes: 3");
  }

  @Test
  void aMemberDownedOrRemovedNoLongerStands() {
    assertTrue(PauseConfirm.standing(org.apache.pekko.cluster.MemberStatus.up()));
    assertTrue(PauseConfirm.standing(org.apache.pekko.cluster.MemberStatus.leaving()));
    assertFalse(PauseConfirm.standing(org.apache.pekko.cluster.MemberStatus.down()));
    assertFalse(PauseConfirm.standing(org.apache.pekko.cluster.MemberStatus.removed()));
  }

  @Test
  void aThresholdMustBePositive() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new PauseFence(Duration.ZERO, nanos::get));
  }
}
