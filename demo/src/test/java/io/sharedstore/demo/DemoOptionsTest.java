package io.sharedstore.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's flags: the defaults, {@code --data-dir} alone and with {@code --restart-manager},
 * and the refusals: {@code --restart-manager} without {@code --data-dir} (exit 2 with a usage
 * line, before any process starts) and a data directory that is a file.
 */
class DemoOptionsTest {

  @TempDir Path tmp;

  @Test
  void defaultsKeepTheManagerInMemory() {
    DemoOptions options = DemoOptions.parse(new String[0]);
    assertEquals(new DemoOptions(3, 10, 0, false, Optional.empty(), false), options);
  }

  @Test
  void dataDirAloneRunsAPersistentManagerWithoutARestart() {
    DemoOptions options = DemoOptions.parse(new String[] {"--data-dir", tmp.toString()});
    assertEquals(Optional.of(tmp.toAbsolutePath().normalize()), options.dataDir());
    assertFalse(options.restartManager());
  }

  @Test
  void restartManagerWithDataDir() {
    DemoOptions options = DemoOptions.parse(
        new String[] {"--restart-manager", "--data-dir", tmp.resolve("new").toString(),
            "--seconds", "6"});
    assertEquals(Optional.of(tmp.resolve("new").toAbsolutePath().normalize()),
        options.dataDir());
    assertTrue(options.restartManager());
    assertEquals(6, options.seconds());
  }

  @Test
  void aRestartRunsTwentySecondsUnlessToldOtherwise() {
    DemoOptions options = DemoOptions.parse(
        new String[] {"--data-dir", tmp.toString(), "--restart-manager"});
    assertEquals(20, options.seconds());
  }

  @Test
  void restartManagerWithoutDataDirIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DemoOptions.parse(new String[] {"--restart-manager"}));
    assertTrue(e.getMessage().startsWith("--restart-manager needs --data-dir DIR"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(DemoOptions.USAGE), e.getMessage());
  }

  @Test
  void theDemoExitsWithStatus2AndTheUsageBeforeStartingAnything() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      exit = Demo.run(new String[] {"--clusters", "2", "--restart-manager"}, out);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(2, exit, output);
    assertTrue(output.contains("--restart-manager needs --data-dir DIR"), output);
    assertFalse(output.contains("Manager listening"), output);
    assertEquals(0, ProcessHandle.current().children().count(), "a process was started");
  }

  @Test
  void aDataDirThatIsAFileIsRefused() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "not a directory");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DemoOptions.parse(new String[] {"--data-dir", file.toString()}));
    assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
  }

  @Test
  void dataDirNeedsAValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DemoOptions.parse(new String[] {"--restart-manager", "--data-dir"}));
    assertTrue(e.getMessage().startsWith("--data-dir needs a value"), e.getMessage());
  }
}
