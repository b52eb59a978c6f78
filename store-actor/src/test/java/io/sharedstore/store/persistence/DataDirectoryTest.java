package io.sharedstore.store.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One manager per directory: a second open, here or in another process, is refused by name. */
class DataDirectoryTest {

  @TempDir Path parent;

  @Test
  void opensAMissingDirectoryAndNamesItsFiles() throws IOException {
    Path dir = parent.resolve("data/manager");
    try (DataDirectory data = DataDirectory.open(dir)) {
      assertTrue(Files.isDirectory(dir));
      Path real = dir.toRealPath();
      assertEquals(real.resolve("snapshot-120.snap"), data.snapshotFile(120));
      assertEquals(real.resolve("log-0.log"), data.logFile(0));
      assertEquals(String.valueOf(ProcessHandle.current().pid()),
          Files.readString(real.resolve(DataDirectory.LOCK_FILE)).trim(),
          "the lock file names its holder");
      assertEquals(Optional.empty(), data.manifest());
      Manifest manifest = new Manifest("e", Optional.empty(), data.logFile(0).getFileName().toString());
      data.switchTo(manifest);
      assertEquals(Optional.of(manifest), data.manifest());
      assertThrows(IllegalArgumentException.class, () -> data.snapshotFile(-1));
    }
  }

  @Test
  void aSecondOpenInThisJvmIsRefusedNamingTheDirectoryUntilTheFirstCloses() throws IOException {
    Path dir = parent.resolve("d");
    DataDirectory first = DataDirectory.open(dir);
    try {
      DataDirectoryInUseException refused =
          assertThrows(DataDirectoryInUseException.class, () -> DataDirectory.open(dir));
      assertEquals(dir.toRealPath(), refused.directory());
      assertTrue(refused.getMessage().contains(dir.toRealPath().toString()), refused.getMessage());
      assertEquals(OptionalLong.of(ProcessHandle.current().pid()), refused.holderPid());
      // another spelling of the same directory is the same directory
      assertThrows(DataDirectoryInUseException.class,
          () -> DataDirectory.open(parent.resolve("d/../d")));
    } finally {
      first.close();
    }
    DataDirectory.open(dir).close();
  }

  @Test
  void anOpenByAnotherProcessIsRefusedNamingTheDirectoryAndItsPid() throws Exception {
    Path dir = parent.resolve("shared");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        DataDirectoryHolder.class.getName(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertEquals("held " + holder.pid() + " " + dir.toRealPath(), line, "the holder process took the directory");

      DataDirectoryInUseException refused =
          assertThrows(DataDirectoryInUseException.class, () -> DataDirectory.open(dir));
      assertTrue(refused.getMessage().contains(dir.toRealPath().toString())
          && refused.getMessage().contains("another process")
          && refused.getMessage().contains("process " + holder.pid()), refused.getMessage());
      assertEquals(OptionalLong.of(holder.pid()), refused.holderPid());
      // the refusal must not have dropped the holder's lock: still refused
      assertThrows(DataDirectoryInUseException.class, () -> DataDirectory.open(dir));

      holder.getOutputStream().close();
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "the holder exits when its input ends");
      assertEquals(0, holder.exitValue());
      try (DataDirectory mine = DataDirectory.open(dir)) {
        assertEquals(List.of(String.valueOf(ProcessHandle.current().pid())),
            Files.readAllLines(mine.path().resolve(DataDirectory.LOCK_FILE)));
      }
    } finally {
      holder.destroyForcibly();
      holder.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
