package io.sharedstore.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HeapSamplerTest {

  @Test
  void readsTheTotalLineOfAClassHistogram() {
    String histogram = """
        5682:
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:        120034        9602720  [B (java.base@17.0.15)
           2:         10021         480336  java.lang.String (java.base@17.0.15)
        Total        130055       10083056
        """;
    assertEquals(10_083_056L, HeapSampler.parseLiveBytes(histogram));
  }

  @Test
  void refusesOutputWithoutATotal() {
    assertThrows(IllegalStateException.class,
        () -> HeapSampler.parseLiveBytes("5682:\nCommand executed successfully\n"));
  }

  @Test
  void theLiveBytesOfAClassHistogram() {
    String histogram = " num     #instances         #bytes  class name (module)\n"
        + "   1:         12345        1048576  [B (java.base@17)\n"
        + "Total         99999       20971520\n";
    assertEquals(20971520, HeapSampler.parseLiveBytes(histogram));
  }
}
