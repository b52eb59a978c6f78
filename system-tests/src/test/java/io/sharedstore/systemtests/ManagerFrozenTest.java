package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The manager frozen (SIGSTOP) under load from two cluster JVMs, then resumed (SIGCONT): the
 * clusters find it unreachable and fail calls fast, then recover by themselves, with no restart
 * reported (same store, same data); every read returns the value its own caller wrote, so no
 * reply went to the wrong caller.
 */
class ManagerFrozenTest {

  private static final int WORKERS = 2;
  private static final int THREADS = 3;
  private static final Pattern UNREACHABLE = Pattern.compile("^LOAD-EVENT UNREACHABLE since=(\\d+)");
  private static final Pattern REACHABLE = Pattern.compile("^LOAD-EVENT REACHABLE at=(\\d+)");
  private static final Pattern RESTARTED = Pattern.compile("^LOAD-EVENT RESTARTED");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aFrozenManagerFailsCallsFastAndTheClustersRecoverWhenItResumes() throws Exception {
    try (ManagerProcess manager = Managers.start(0);
        LoadWorkers workers = LoadWorkers.start(manager.address(), WORKERS, THREADS)) {
      List<JvmProcess> jvms = workers.jvms();
      for (JvmProcess jvm : jvms) {
        LoadWorkers.progressAfter(jvm, 0, 2, WAIT);
      }
      List<Integer> marks = jvms.stream().map(LoadWorkers::mark).toList();

      long frozenAt = System.currentTimeMillis();
      manager.jvm().signal("STOP");
      long resumedAt;
      try {
        for (int i = 0; i < jvms.size(); i++) {
          Matcher unreachable = LoadWorkers.awaitAfter(jvms.get(i), marks.get(i), UNREACHABLE, WAIT);
          System.out.println("ManagerFrozenTest: " + jvms.get(i).name() + " found it unreachable "
              + (Long.parseLong(unreachable.group(1)) - frozenAt) + " ms after SIGSTOP");
        }
      } finally {
        resumedAt = System.currentTimeMillis();
        manager.jvm().signal("CONT");
      }

      for (int i = 0; i < jvms.size(); i++) {
        JvmProcess jvm = jvms.get(i);
        Matcher reachable = LoadWorkers.awaitAfter(jvm, marks.get(i), REACHABLE, WAIT);
        System.out.println("ManagerFrozenTest: " + jvm.name() + " reachable again "
            + (Long.parseLong(reachable.group(1)) - resumedAt) + " ms after SIGCONT");
        Matcher outage = LoadWorkers.awaitAfter(jvm, marks.get(i), LoadWorker.OUTAGE, WAIT);
        System.out.println("ManagerFrozenTest: " + jvm.name() + " " + outage.group());
        assertEquals(0, Long.parseLong(outage.group(4)), outage.group());
        int recovered = LoadWorkers.mark(jvm);
        List<Long> before = LoadWorkers.progressAfter(jvm, marks.get(i), 1, WAIT);
        List<Long> after = LoadWorkers.progressAfter(jvm, recovered, 2, WAIT);
        assertTrue(after.get(0) > before.get(0), jvm.name() + " made no call after SIGCONT");
        assertTrue(after.get(1) > 0, jvm.name() + " failed no call fast while frozen: " + after);
        assertEquals(List.of(0L, 0L, 0L), after.subList(2, 5),
            jvm.name() + ": timeouts, wrong values (a reply to the wrong caller), other errors");
        assertTrue(LoadWorkers.findAfter(jvm, marks.get(i), RESTARTED).isEmpty(),
            jvm.name() + " reported a restart of a manager that was only frozen");
      }
    }
  }
}
