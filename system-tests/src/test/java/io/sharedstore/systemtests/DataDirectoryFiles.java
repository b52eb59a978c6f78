package io.sharedstore.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A manager's data directory as a test sees it from outside: what its {@code MANIFEST} names
 * (the snapshot, the logs, one {@code name value} line each) and how many bytes its files take.
 * A manager may replace or delete any file meanwhile: each call reads one moment's state or,
 * for a file that vanished under it, answers empty.
 */
final class DataDirectoryFiles {

  static final String MANIFEST = "MANIFEST";

  private final Path dir;

  DataDirectoryFiles(Path dir) {
    this.dir = dir;
  }

  /** What the manifest names now: the snapshot (empty for none) and the logs. */
  record Named(Optional<String> snapshot, List<String> logs) {}

  /** The manifest's snapshot and logs; empty if there is no manifest (yet). */
  Optional<Named> named() {
    List<String> lines;
    try {
      lines = Files.readAllLines(dir.resolve(MANIFEST), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Optional<String> snapshot = Optional.empty();
    List<String> logs = new ArrayList<>();
    for (String line : lines) {
      String[] words = line.strip().split(" ");
      if (words[0].equals("snapshot") && words.length == 2 && !words[1].equals("-")) {
        snapshot = Optional.of(words[1]);
      } else if (words[0].equals("logs") || words[0].equals("log")) {
        logs.addAll(Arrays.asList(words).subList(1, words.length));
      }
    }
    return Optional.of(new Named(snapshot, List.copyOf(logs)));
  }

  /** The size of the named file in the directory; empty if it is not there. */
  Optional<Long> size(String name) {
    try {
      return Optional.of(Files.size(dir.resolve(name)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every regular file in the directory and its size, by name. */
  TreeMap<String, Long> files() {
    TreeMap<String, Long> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : (Iterable<Path>) list::iterator) {
        try {
          if (Files.isRegularFile(file)) {
            files.put(file.getFileName().toString(), Files.size(file));
          }
        } catch (NoSuchFileException gone) {
          // deleted between the listing and the size: not there any more
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The bytes of every regular file in the directory. */
  long totalBytes() {
    return files().values().stream().mapToLong(Long::longValue).sum();
  }
}
