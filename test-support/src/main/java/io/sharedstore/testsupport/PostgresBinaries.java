package io.sharedstore.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the machine's PostgreSQL server programs are: Debian's {@code /usr/lib/postgresql/N/bin}
 * (the newest N), else {@code pg_config --bindir}, else the first {@code PATH} entry that holds
 * them. A directory counts only if it has {@code initdb}, {@code pg_ctl} and {@code psql}.
 */
record PostgresBinaries(Path directory) {

  /** The reason {@link #find()} gives nothing, for a test's skip message. */
  static final String NOT_FOUND =
      "no PostgreSQL server programs (initdb, pg_ctl, psql) in /usr/lib/postgresql/*/bin, in"
          + " pg_config --bindir or on the PATH: install Debian's 'postgresql' package";

  private static final List<String> PROGRAMS = List.of("initdb", "pg_ctl", "psql");
  private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

  /** The first place that holds every program, if any. */
  static Optional<PostgresBinaries> find() {
    return debianDirectory()
        .or(PostgresBinaries::pgConfigDirectory)
        .or(PostgresBinaries::pathDirectory)
        .map(PostgresBinaries::new);
  }

  /** The absolute path of one of the programs, e.g. {@code initdb}. */
  String program(String name) {
    return directory.resolve(name).toString();
  }

  /** True when this JVM runs as root (uid 0), which PostgreSQL refuses. */
  static boolean runningAsRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return false; // not a Unix system
    }
  }

  private static Optional<Path> debianDirectory() {
    if (!Files.isDirectory(DEBIAN_ROOT)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
      return versions
          .filter(version -> version.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .sorted(Comparator.comparingDouble(PostgresBinaries::versionNumber).reversed())
          .map(version -> version.resolve("bin"))
          .filter(PostgresBinaries::hasPrograms)
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static double versionNumber(Path versionDirectory) {
    return Double.parseDouble(versionDirectory.getFileName().toString());
  }

  private static Optional<Path> pgConfigDirectory() {
    try {
      Process process =
          new ProcessBuilder("pg_config", "--bindir")
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return Optional.empty();
      }
      return Optional.of(Path.of(output.trim())).filter(PostgresBinaries::hasPrograms);
    } catch (IOException e) {
      return Optional.empty(); // no pg_config on the PATH
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Optional<Path> pathDirectory() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .map(Path::of)
        .filter(PostgresBinaries::hasPrograms)
        .findFirst();
  }

  private static boolean hasPrograms(Path directory) {
    return PROGRAMS.stream().allMatch(name -> Files.isExecutable(directory.resolve(name)));
  }
}
