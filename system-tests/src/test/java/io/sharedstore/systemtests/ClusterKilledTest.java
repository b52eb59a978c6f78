package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A cluster JVM SIGKILLed mid-load: the other clusters carry on without a single error. */
class ClusterKilledTest {

  private static final Pattern UNREACHABLE = Pattern.compile("^LOAD-EVENT UNREACHABLE");
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Progress lines come every half second: 3 s of load after the kill. */
  private static final int PROGRESS_LINES_AFTER = 6;

  @Test
  void theOtherClustersSeeNoErrorWhenOneIsKilled() throws Exception {
    try (ManagerProcess manager = Managers.start(0);
        LoadWorkers workers = LoadWorkers.start(manager.address(), 3, 3)) {
      List<JvmProcess> jvms = workers.jvms();
      for (JvmProcess jvm : jvms) {
        LoadWorkers.progressAfter(jvm, 0, 2, WAIT);
      }
      JvmProcess killed = jvms.get(0);
      List<JvmProcess> others = jvms.subList(1, jvms.size());
      List<Integer> marks = others.stream().map(LoadWorkers::mark).toList();
      List<List<Long>> before =
          others.stream().map(jvm -> LoadWorker.counts(lastProgress(jvm))).toList();

      killed.kill();

      for (int i = 0; i < others.size(); i++) {
        JvmProcess jvm = others.get(i);
        List<Long> after = LoadWorkers.progressAfter(jvm, marks.get(i), PROGRESS_LINES_AFTER, WAIT);
        System.out.println("ClusterKilledTest: " + jvm.name() + " before " + before.get(i)
            + ", after " + after + " (ok, unavailable, timeouts, wrong, other)");
        assertTrue(after.get(0) > before.get(i).get(0), jvm.name() + " made no call after the kill");
        assertEquals(List.of(0L, 0L, 0L, 0L), after.subList(1, 5), jvm.name() + " saw errors");
        assertTrue(LoadWorkers.findAfter(jvm, 0, UNREACHABLE).isEmpty(),
            jvm.name() + " lost the manager:\n" + jvm.tail(20));
      }
      assertTrue(manager.jvm().isAlive(), "the manager died");
    }
  }

  private static java.util.regex.Matcher lastProgress(JvmProcess jvm) {
    List<String> lines = jvm.lines();
    for (int i = lines.size() - 1; i >= 0; i--) {
      var m = LoadWorker.PROGRESS.matcher(lines.get(i));
      if (m.find()) {
        return m;
      }
    }
    throw new AssertionError(jvm.name() + " printed no progress");
  }
}
