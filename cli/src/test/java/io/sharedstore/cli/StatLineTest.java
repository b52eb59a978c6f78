package io.sharedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A {@code stat} line: ops/s between two infos, and its plain and JSON forms. */
class StatLineTest {

  private static final long S = 1_000_000_000L;

  @Test
  void opsPerSecondAreTheCallsBetweenTwoInfosOverTheTimeBetweenThem() {
    assertEquals(250.0, StatLine.opsPerSecond(
        new StatLine.Sample(10 * S, 1000), new StatLine.Sample(12 * S, 1500), -1));
    assertEquals(0.0, StatLine.opsPerSecond(
        new StatLine.Sample(10 * S, 1000), new StatLine.Sample(11 * S, 1000), -1));
  }

  @Test
  void withoutAUsablePreviousInfoTheManagersOwnFigureIsShown() {
    StatLine.Sample now = new StatLine.Sample(12 * S, 1500);
    assertEquals(7.5, StatLine.opsPerSecond(null, now, 7.5), "the first line");
    assertEquals(7.5, StatLine.opsPerSecond(new StatLine.Sample(10 * S, 9000), now, 7.5),
        "the manager restarted: its count went back");
    assertEquals(7.5, StatLine.opsPerSecond(new StatLine.Sample(12 * S, 1000), now, 7.5),
        "no time between them");
  }

  @Test
  void plainColumnsUnderTheHeaderAndJsonWithInfosNames() {
    StatLine line = new StatLine(Instant.parse("2026-01-02T03:04:05Z"), 20_000, 1523.44, 3,
        1_258_291, 85);
    assertEquals("keys         ops/s      clients  memory    p99", StatLine.HEADER);
    assertEquals("20000        1523.4     3        1.2M      85us", line.plain());
    assertEquals(StatLine.HEADER.indexOf("ops/s"), line.plain().indexOf("1523.4"));
    assertEquals(StatLine.HEADER.indexOf("p99"), line.plain().indexOf("85us"));
    assertEquals("{\"time\":\"2026-01-02T03:04:05Z\",\"keys\":20000,\"ops_per_sec\":1523.4,"
            + "\"connected_clients\":3,\"used_memory\":1258291,\"handling_p99_usec\":85}",
        Output.text(line.document()));
  }
}
