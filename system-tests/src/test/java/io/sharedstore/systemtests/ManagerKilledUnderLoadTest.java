package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The manager SIGKILLed while three cluster JVMs run load: every cluster finds it unreachable
 * within 2 s, and from then on every call fails fast with StoreUnavailableException (none waits
 * out its 5 s timeout); the manager restarted on the same port: every cluster works again within
 * 10 s of its listening line, unaided, and its listener was told of the restart.
 */
class ManagerKilledUnderLoadTest {

  private static final int WORKERS = 3;
  private static final int THREADS = 3;
  private static final long DETECT_WITHIN_MILLIS = 2000;
  private static final long RECOVER_WITHIN_MILLIS = 10_000;
  /** The bound; the fail-fast path completes on the caller's thread in microseconds. */
  private static final long FAIL_FAST_P99_MICROS = 50_000;

  private static final Pattern UNREACHABLE = Pattern.compile("^LOAD-EVENT UNREACHABLE since=(\\d+)");
  private static final Pattern REACHABLE = Pattern.compile("^LOAD-EVENT REACHABLE at=(\\d+)");
  private static final Pattern RESTARTED = Pattern.compile("^LOAD-EVENT RESTARTED at=(\\d+)");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void clustersFailFastWhileTheManagerIsDeadAndRecoverAloneWhenItIsBack() throws Exception {
    int port = FreePort.pick();
    ManagerProcess first = Managers.start(port);
    ManagerProcess second = null;
    try (LoadWorkers workers = LoadWorkers.start(first.address(), WORKERS, THREADS)) {
      List<JvmProcess> jvms = workers.jvms();
      for (JvmProcess jvm : jvms) {
        List<Long> counts = LoadWorkers.progressAfter(jvm, 0, 2, WAIT);
        assertTrue(counts.get(0) > 0, jvm.name() + " made no call before the kill: " + counts);
      }
      List<Integer> marks = jvms.stream().map(LoadWorkers::mark).toList();

      long killedAt = System.currentTimeMillis();
      first.jvm().kill();

      List<Long> detections = new ArrayList<>();
      for (int i = 0; i < jvms.size(); i++) {
        Matcher unreachable = LoadWorkers.awaitAfter(jvms.get(i), marks.get(i), UNREACHABLE, WAIT);
        detections.add(Long.parseLong(unreachable.group(1)) - killedAt);
      }
      System.out.println("ManagerKilledUnderLoadTest: detected after (ms) " + detections);

      second = Managers.start(port);
      long listeningAt = System.currentTimeMillis();
      assertEquals(first.address(), second.address());

      List<Long> recoveries = new ArrayList<>();
      List<String> outages = new ArrayList<>();
      long worstP99 = 0;
      for (int i = 0; i < jvms.size(); i++) {
        JvmProcess jvm = jvms.get(i);
        Matcher reachable =
            LoadWorkers.awaitAfter(jvm, marks.get(i), REACHABLE, Duration.ofMillis(RECOVER_WITHIN_MILLIS + 5000));
        recoveries.add(Long.parseLong(reachable.group(1)) - listeningAt);
        assertTrue(
            LoadWorkers.findAfter(jvm, marks.get(i), RESTARTED).isPresent(),
            jvm.name() + " was not told of the restart:\n" + jvm.tail(20));
        Matcher outage = LoadWorkers.awaitAfter(jvm, marks.get(i), LoadWorker.OUTAGE, WAIT);
        outages.add(outage.group());
        assertTrue(Long.parseLong(outage.group(2)) > 0, jvm.name() + " failed no call: " + outage.group());
        assertEquals(0, Long.parseLong(outage.group(4)),
            jvm.name() + ": calls made while unreachable failed otherwise: " + outage.group());
        worstP99 = Math.max(worstP99, Long.parseLong(outage.group(5)));
      }
      System.out.println("ManagerKilledUnderLoadTest: recovered after listening (ms) " + recoveries);
      System.out.println("ManagerKilledUnderLoadTest: outages " + outages);
      System.out.println(
          "ManagerKilledUnderLoadTest: fail-fast p99 " + worstP99 + " us (worst cluster)");

      for (int i = 0; i < jvms.size(); i++) {
        JvmProcess jvm = jvms.get(i);
        int afterRecovery = LoadWorkers.mark(jvm);
        List<Long> before = LoadWorkers.progressAfter(jvm, marks.get(i), 1, WAIT);
        List<Long> after = LoadWorkers.progressAfter(jvm, afterRecovery, 2, WAIT);
        assertTrue(after.get(0) > before.get(0), jvm.name() + " made no call after recovery");
        assertEquals(List.of(0L, 0L, 0L), after.subList(2, 5),
            jvm.name() + ": timeouts, wrong values, other errors: " + after);
      }
      for (long detection : detections) {
        assertTrue(detection <= DETECT_WITHIN_MILLIS, "detected after " + detections + " ms");
      }
      for (long recovery : recoveries) {
        assertTrue(recovery <= RECOVER_WITHIN_MILLIS, "recovered after " + recoveries + " ms");
      }
      assertTrue(worstP99 <= FAIL_FAST_P99_MICROS, "fail-fast p99 " + worstP99 + " us");
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }
}
