package io.sharedstore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ManagerHeapTest {

  @Test
  void readsTheOneHeapLineOfG1() {
    String g1 = """
        18255:
         garbage-first heap   total 57344K, used 5957K [0x0000000687400000, 0x0000000800000000)
          region size 4096K, 0 young (0K), 0 survivors (0K)
         Metaspace       used 8873K, committed 9024K, reserved 1114112K
          class space    used 1062K, committed 1152K, reserved 1048576K
        """;
    assertEquals(5957L * 1024, ManagerHeap.usedBytes(g1));
  }

  @Test
  void addsTheGenerationsOfParallelGcAndIgnoresMetaspace() {
    String parallel = """
        4242:
         PSYoungGen      total 76288K, used 1310K [0x000000076b400000, 0x0000000770900000)
          eden space 65536K, 2% used [0x000000076b400000,0x000000076b547a98,0x000000076f400000)
         ParOldGen       total 175104K, used 3200K [0x00000006c1c00000, 0x00000006cc700000)
         Metaspace       used 8873K, committed 9024K, reserved 1114112K
          class space    used 1062K, committed 1152K, reserved 1048576K
        """;
    assertEquals((1310L + 3200L) * 1024, ManagerHeap.usedBytes(parallel));
  }

  @Test
  void refusesOutputWithoutAHeapFigure() {
    assertThrows(IllegalStateException.class,
        () -> ManagerHeap.usedBytes("4242:\nCommand executed successfully\n"));
  }
}
