package io.sharedstore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the built modules are: the checkout's root (from {@code -Dsharedstore.home}, else the
 * first directory upwards from the working directory that holds {@code manager-node/}), and each
 * node's runtime classpath, which its build writes to {@code target/classpath.txt}.
 */
public final class ProjectLayout {

  private final Path root;

  private ProjectLayout(Path root) {
    this.root = root;
  }

  /** The layout of the checkout this JVM runs in. */
  public static ProjectLayout locate() {
    String home = System.getProperty("sharedstore.home");
    if (home != null) {
      return new ProjectLayout(Path.of(home).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("manager-node")) && Files.exists(dir.resolve("pom.xml"))) {
        return new ProjectLayout(dir);
      }
    }
    throw new IllegalStateException(
        "cannot find the Shared Store checkout: set -Dsharedstore.home=DIR");
  }

  /** The checkout's root directory. */
  public Path root() {
    return root;
  }

  /** The manager's classpath: its jar and its runtime dependencies, nothing else. */
  public List<String> managerClasspath() {
    return moduleClasspath("manager-node");
  }

  /** A cluster node's classpath: the client library, its main class and its dependencies. */
  public List<String> clusterClasspath() {
    return moduleClasspath("cluster-node");
  }

  /** The demo driver's classpath. */
  public List<String> demoClasspath() {
    return moduleClasspath("demo");
  }

  /** The operator's configuration file, {@code config/application.conf}. */
  public Path applicationConf() {
    return root.resolve("config").resolve("application.conf");
  }

  /**
   * A module's runtime classpath: its jar, then the dependencies its build listed in {@code
   * target/classpath.txt}.
   *
   * @throws IllegalStateException if the module is not built
   */
  public List<String> moduleClasspath(String module) {
    Path target = root.resolve(module).resolve("target");
    Path listing = target.resolve("classpath.txt");
    if (!Files.exists(listing)) {
      throw new IllegalStateException(
          listing + " is missing: build first (mvn -B -DskipTests package)");
    }
    try (var jars = Files.list(target)) {
      Path jar =
          jars.filter(p -> p.getFileName().toString().matches(module + "-.*\\.jar"))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("no " + module + " jar in " + target
                      + ": build first (mvn -B -DskipTests package)"));
      List<String> entries = new ArrayList<>();
      entries.add(jar.toString());
      String dependencies = Files.readString(listing).trim();
      if (!dependencies.isEmpty()) {
        entries.addAll(Arrays.asList(dependencies.split(java.io.File.pathSeparator)));
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
