package io.sharedstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one-timer deadlines of a connection: a call expires at its deadline, never before, whatever
 * the mix of timeouts; an answered call never expires; and answered calls do not pile up.
 */
class DeadlinesTest {

  private final Deadlines deadlines = new Deadlines();
  private final Set<Long> waiting = new HashSet<>();
  private final List<Long> expired = new ArrayList<>();

  private void send(long id, long timeout, long now) {
    waiting.add(id);
    deadlines.add(id, timeout, now + timeout, waiting::contains);
  }

  private long expireAt(long now) {
    return deadlines.expire(now, waiting::contains, id -> {
      waiting.remove(id);
      expired.add(id);
    });
  }

  @Test
  void callsExpireAtTheirDeadlinesAcrossTimeoutsAndNotBefore() {
    send(1, 1_000, 0);
    send(2, 300, 100); // due at 400, before call 1
    send(3, 1_000, 200); // due at 1200
    send(4, 300, 500); // due at 800

    assertEquals(400, expireAt(399), "the earliest deadline left");
    assertEquals(List.of(), expired);
    assertEquals(800, expireAt(400));
    assertEquals(List.of(2L), expired);
    assertEquals(1_200, expireAt(1_000));
    assertEquals(Set.of(2L, 4L, 1L), new HashSet<>(expired));
    assertEquals(Long.MAX_VALUE, expireAt(1_200));
    assertEquals(4, expired.size());
    assertEquals(0, deadlines.held());
  }

  @Test
  void anAnsweredCallNeverExpiresAndIsDroppedFromItsLane() {
    send(1, 1_000, 0);
    send(2, 1_000, 10);
    waiting.remove(1L); // answered
    assertEquals(1_010, expireAt(500), "the answered call's deadline is not the earliest");
    assertEquals(1, deadlines.held());
    assertEquals(Long.MAX_VALUE, expireAt(1_010));
    assertEquals(List.of(2L), expired);
  }

  @Test
  void answeredCallsDoNotPileUpBetweenChecks() {
    for (long id = 1; id <= 100_000; id++) {
      send(id, 5_000_000_000L, id);
      waiting.remove(id - 1); // each answered before the next is sent
    }
    assertTrue(deadlines.held() <= 2, "held " + deadlines.held());
  }
}
