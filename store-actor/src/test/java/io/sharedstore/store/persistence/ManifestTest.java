package io.sharedstore.store.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest is written by rename, read back equal, and refused when changed or unknown. */
class ManifestTest {

  @TempDir Path dir;

  @Test
  void aNewDirectoryHasNoManifest() throws IOException {
    assertEquals(Optional.empty(), Manifest.read(dir));
  }

  @Test
  void aManifestWrittenIsReadBackAndReplacesTheOldOne() throws IOException {
    Manifest first = new Manifest("e-1", Optional.empty(), "log-0.log");
    first.write(dir);
    assertEquals(Optional.of(first), Manifest.read(dir));

    Manifest second = new Manifest("e-1", Optional.of("snapshot-120.snap"),
        java.util.List.of("log-121.log", "log-300.log"));
    second.write(dir);
    assertEquals(Optional.of(second), Manifest.read(dir));
    try (var files = Files.list(dir)) {
      assertEquals(java.util.List.of(dir.resolve(Manifest.FILE_NAME)), files.toList(),
          "the temporary file was renamed over the manifest");
    }
    String text = Files.readString(dir.resolve(Manifest.FILE_NAME));
    assertTrue(text.startsWith("shared-store-manifest 2\nepoch e-1\nsnapshot snapshot-120.snap\n"
        + "logs log-121.log log-300.log\ncrc32c "), text);
    assertEquals("log-300.log", second.lastLog());
    assertEquals(java.util.List.of("snapshot-120.snap", "log-121.log", "log-300.log"),
        second.files());
    assertEquals(second, new Manifest("e-1", Optional.of("snapshot-120.snap"), "log-121.log")
        .withLog("log-300.log"));
  }

  @Test
  void aTemporaryFileLeftByACrashChangesNothing() throws IOException {
    Manifest current = new Manifest("e-2", Optional.of("snapshot-5.snap"), "log-5.log");
    current.write(dir);
    Files.writeString(dir.resolve(Manifest.FILE_NAME + ".tmp"), "shared-store-manif");
    assertEquals(Optional.of(current), Manifest.read(dir), "the half-written switch is not read");
    Manifest next = new Manifest("e-2", Optional.of("snapshot-9.snap"), "log-9.log");
    next.write(dir);
    assertEquals(Optional.of(next), Manifest.read(dir));
  }

  @Test
  void anUnknownVersionIsRefusedByName() throws IOException {
    Path file = dir.resolve(Manifest.FILE_NAME);
    Files.writeString(file, "shared-store-manifest 1\nepoch e\nsnapshot -\nlog log-0.log\n"
        + "crc32c 00000000\n");
    StateFileException refused = assertThrows(StateFileException.class, () -> Manifest.read(dir));
    assertEquals(file, refused.file());
    assertTrue(refused.getMessage().contains(file.toString())
        && refused.getMessage().contains("manifest format version 1"), refused.getMessage());

    Files.writeString(file, "something else\n");
    StateFileException other = assertThrows(StateFileException.class, () -> Manifest.read(dir));
    assertTrue(other.getMessage().contains("not a shared-store manifest"), other.getMessage());
  }

  @Test
  void aChangedOrCutManifestIsRefused() throws IOException {
    new Manifest("e-3", Optional.of("snapshot-7.snap"), "log-7.log").write(dir);
    Path file = dir.resolve(Manifest.FILE_NAME);
    String text = Files.readString(file);

    Files.writeString(file, text.replace("log-7.log", "log-8.log"));
    StateFileException changed = assertThrows(StateFileException.class, () -> Manifest.read(dir));
    assertTrue(changed.getMessage().contains("checksum mismatch"), changed.getMessage());

    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int length = 0; length < bytes.length; length++) {
      Files.write(file, java.util.Arrays.copyOf(bytes, length));
      int cut = length;
      StateFileException refused =
          assertThrows(StateFileException.class, () -> Manifest.read(dir), "cut at " + cut);
      assertEquals(file, refused.file());
    }
  }

  @Test
  void namesMustBePlainAndTheEpochOneLine() {
    assertThrows(IllegalArgumentException.class,
        () -> new Manifest("e", Optional.empty(), "../log-0.log"));
    assertThrows(IllegalArgumentException.class,
        () -> new Manifest("e", Optional.of("-"), "log-0.log"));
    assertThrows(IllegalArgumentException.class,
        () -> new Manifest("e", Optional.of("a b"), "log-0.log"));
    assertThrows(IllegalArgumentException.class,
        () -> new Manifest("two\nlines", Optional.empty(), "log-0.log"));
    assertThrows(IllegalArgumentException.class,
        () -> new Manifest(" ", Optional.empty(), "log-0.log"));
    assertThrows(IllegalArgumentException.class,
        () -> new Manifest("e", Optional.empty(), java.util.List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> new Manifest("e", Optional.empty(), java.util.List.of("log-1.log", "log-1.log")));
    assertFalse(Files.exists(dir.resolve(Manifest.FILE_NAME)));
  }
}
