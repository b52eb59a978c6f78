package io.sharedstore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The bytes of a data directory, file by file and by kind: {@code snapshot} ({@code *.snap},
 * Redis's {@code *.rdb}), {@code log} ({@code *.log}, Redis's {@code *.aof}), {@code manifest}
 * ({@code MANIFEST}, Redis's {@code *.manifest}) and {@code other} (e.g. a lock file). Whatever
 * the directory holds is counted, so the report shows the layout of the build that wrote it.
 *
 * @param files each regular file's path relative to the directory and its size, by name
 * @param byKind the total bytes of each kind present, in the order above
 */
record DirectoryUsage(Map<String, Long> files, Map<String, Long> byKind) {

  static final List<String> KINDS = List.of("snapshot", "log", "manifest", "other");

  DirectoryUsage {
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    byKind = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byKind));
  }

  /** Reads the sizes of every regular file under {@code dir}, recursively. */
  static DirectoryUsage of(Path dir) {
    Map<String, Long> files = new LinkedHashMap<>();
    Map<String, Long> byKind = new LinkedHashMap<>();
    KINDS.forEach(kind -> byKind.put(kind, 0L));
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).sorted().forEach(paths::add);
      for (Path path : paths) {
        long size = Files.size(path);
        files.put(dir.relativize(path).toString(), size);
        byKind.merge(kind(path.getFileName().toString()), size, Long::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sizes of the files in " + dir, e);
    }
    byKind.values().removeIf(bytes -> bytes == 0);
    return new DirectoryUsage(files, byKind);
  }

  /** The kind of a file by its name. */
  static String kind(String name) {
    if (name.endsWith(".snap") || name.endsWith(".rdb")) {
      return "snapshot";
    }
    if (name.endsWith(".log") || name.endsWith(".aof")) {
      return "log";
    }
    if (name.equals("MANIFEST") || name.endsWith(".manifest")) {
      return "manifest";
    }
    return "other";
  }

  long total() {
    return files.values().stream().mapToLong(Long::longValue).sum();
  }
}
