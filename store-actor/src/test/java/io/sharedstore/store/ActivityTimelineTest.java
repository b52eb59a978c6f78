package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.wire.Opcode;
import org.junit.jupiter.api.Test;

/** The timeline's points, rates and p99 over known seconds. */
class ActivityTimelineTest {

  @Test
  void eachTickClosesASecondWithItsCallsPerOperation() {
    ActivityTimeline timeline = new ActivityTimeline();
    for (int i = 0; i < 30; i++) {
      timeline.handled(Opcode.SET, false, 2_000);
    }
    for (int i = 0; i < 10; i++) {
      timeline.handled(Opcode.GET, i == 0, 1_000);
    }
    timeline.tick(1_000, 7, 700);
    timeline.tick(2_000, 7, 700); // an idle second
    var points = timeline.timeline().points();
    assertEquals(2, points.size());
    assertEquals(1_000, points.get(0).epochMillis());
    assertEquals(40, points.get(0).operations());
    assertEquals(30L, points.get(0).operationsByName().get("set"));
    assertEquals(10L, points.get(0).operationsByName().get("get"));
    assertTrue(points.get(0).p99Micros() >= 2 && points.get(0).p99Micros() <= 3);
    assertEquals(7, points.get(0).keys());
    assertEquals(0, points.get(1).operations());
    assertEquals(0, points.get(1).p99Micros());
    assertEquals(20.0, timeline.opsPerSecond());
    assertEquals(15.0, timeline.opsPerSecondByName().get("set"));
    assertEquals(5.0, timeline.opsPerSecondByName().get("get"));
    assertTrue(timeline.p99Micros() >= 2 && timeline.p99Micros() <= 3);
  }

  @Test
  void ratesCoverTheLastTenSecondsAndPointsTheLastFiveMinutes() {
    ActivityTimeline timeline = new ActivityTimeline();
    for (int second = 1; second <= Timeline.SECONDS + 5; second++) {
      for (int i = 0; i < second; i++) {
        timeline.handled(Opcode.HAS, false, 100_000 * (second > Timeline.SECONDS - 5 ? 1 : 10));
      }
      timeline.tick(second * 1_000L, second, 0);
    }
    var points = timeline.timeline().points();
    assertEquals(Timeline.SECONDS, points.size());
    assertEquals(6_000, points.get(0).epochMillis());
    int last = Timeline.SECONDS + 5;
    // the last ten seconds had last-9 .. last calls
    assertEquals((last - 4.5), timeline.opsPerSecond());
    // slow calls (1 ms) fell out of the last ten seconds; the fast ones (100 µs) remain
    assertTrue(timeline.p99Micros() >= 100 && timeline.p99Micros() <= 113,
        "p99 " + timeline.p99Micros());
  }
}
