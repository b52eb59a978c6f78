package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.testsupport.JvmProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Without TLS the manager stays on loopback: asked to listen on every address (0.0.0.0) it
 * refuses to start, says why and exits non-zero, unless the operator sets {@code
 * shared-store.allow-insecure-remote = on}, when it starts and logs a warning. (Nothing connects
 * to the 0.0.0.0 manager: the test only reads its output.)
 */
class InsecureRemoteTest {

  private static final Duration EXIT_WITHIN = Duration.ofSeconds(60);

  @Test
  void aManagerOnANonLoopbackHostWithoutTlsRefusesToStart() throws Exception {
    try (JvmProcess manager =
        ManagerJvm.start("insecure manager", operatorOptions(List.of()), allAddresses())) {
      Optional<Integer> exit = manager.waitFor(EXIT_WITHIN);

      assertTrue(exit.isPresent(), "still running after " + EXIT_WITHIN + ":\n" + manager.tail(20));
      assertEquals(1, exit.get(), "exit code; output:\n" + manager.tail(20));
      String output = String.join("\n", manager.lines());
      assertTrue(
          Pattern.compile("ERROR .*manager not started: refusing to listen on \\[0\\.0\\.0\\.0\\]")
              .matcher(output)
              .find(),
          output);
      assertTrue(output.contains("shared-store.allow-insecure-remote = on"), output);
      assertFalse(output.contains("listening on"), output);
    }
  }

  @Test
  void allowingInsecureRemoteStartsItWithAWarning() throws Exception {
    try (JvmProcess manager =
        ManagerJvm.start(
            "insecure manager allowed",
            operatorOptions(List.of("-Dshared-store.allow-insecure-remote=on")),
            allAddresses())) {
      String address = ManagerJvm.awaitListening(manager);

      assertTrue(address.startsWith("0.0.0.0:"), address);
      assertTrue(
          manager.findLine(Pattern.compile("WARN .*INSECURE: the manager listens on \\[0\\.0\\.0\\.0\\]"))
              .isPresent(),
          String.join("\n", manager.lines()));
    }
  }

  /** The operator's config/application.conf, as bin/shared-store passes it, plus {@code extra}. */
  private static List<String> operatorOptions(List<String> extra) {
    List<String> options = new ArrayList<>();
    options.add("-Dsharedstore.home=" + Managers.layout().root());
    options.add("-Dconfig.file=" + Managers.layout().applicationConf());
    options.addAll(extra);
    return options;
  }

  private static List<String> allAddresses() {
    return List.of("--host", "0.0.0.0", "--port", "0");
  }
}
