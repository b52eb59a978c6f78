package io.sharedstore.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad cluster flags stop {@code bin/shared-store manager} before anything starts, as every bad
 * flag does: one line saying what is wrong, with the usage, and exit code 2.
 */
class ClusterFlagsRefusedTest {

  @TempDir Path dir;

  @Test
  void malformedSeedNodes() throws Exception {
    String line = refused("--cluster", "--seed-nodes", "127.0.0.1:2551,127.0.0.1", "--port", "0");

    assertTrue(line.startsWith("--seed-nodes must be HOST:PORT,HOST:PORT,...: seed node"
        + " [127.0.0.1] is not HOST:PORT; usage: manager"), line);
  }

  @Test
  void seedNodesWithoutCluster() throws Exception {
    String line = refused("--seed-nodes", "127.0.0.1:2551", "--port", "0");

    assertTrue(line.startsWith("--seed-nodes needs --cluster; usage: manager"), line);
  }

  private String refused(String... args) throws Exception {
    ManagerMain.Exit exit = ManagerMain.run(dir, List.of(), Map.of(), args);
    assertEquals(2, exit.code(), "exit code; output:\n" + exit.output());
    assertEquals(1, exit.lines().size(), "one line expected:\n" + exit.output());
    return exit.lines().get(0);
  }
}
