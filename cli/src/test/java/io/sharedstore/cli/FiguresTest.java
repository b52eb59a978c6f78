package io.sharedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The human units of {@code stat} and {@code latency}. */
class FiguresTest {

  @Test
  void bytesInBinaryUnitsWithOneDecimal() {
    assertEquals("0B", Figures.bytes(0));
    assertEquals("1023B", Figures.bytes(1023));
    assertEquals("1.0K", Figures.bytes(1024));
    assertEquals("1.5K", Figures.bytes(1536));
    assertEquals("1.2M", Figures.bytes(1_258_291)); // 1.2 MiB
    assertEquals("3.0G", Figures.bytes(3L << 30));
    assertEquals("8.0E", Figures.bytes(Long.MAX_VALUE));
  }

  @Test
  void microsecondsAsUsMsOrS() {
    assertEquals("0us", Figures.micros(0));
    assertEquals("999us", Figures.micros(999));
    assertEquals("1.0ms", Figures.micros(1000));
    assertEquals("18.9ms", Figures.micros(18_940));
    assertEquals("2.5s", Figures.micros(2_500_000));
  }

  @Test
  void nanosecondsAsMilliseconds() {
    assertEquals("0.42", Figures.millis(421_000));
    assertEquals("12.00", Figures.millis(12_000_000));
    assertEquals(0.421, Figures.millisValue(421_400));
    assertEquals("1523.4", Figures.rate(1523.44));
  }
}
