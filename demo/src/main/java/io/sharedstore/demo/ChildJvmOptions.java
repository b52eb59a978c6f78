package io.sharedstore.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options for the processes the demo starts: {@code -Dsharedstore.home}, the operator's
 * {@code config/application.conf} as {@code -Dconfig.file} and, for cluster nodes (whose jar ships
 * no logging configuration), {@code config/logback.xml}; then {@code $JAVA_OPTS}, last so that
 * its {@code -D} settings win.
 */
public final class ChildJvmOptions {

  private final ProjectLayout layout;

  public ChildJvmOptions(ProjectLayout layout) {
    this.layout = layout;
  }

  /** Options for a manager, which logs with the logback.xml in its own jar. */
  public List<String> forManager() {
    return withJavaOpts(common());
  }

  /**
   * Options for a JVM that logs with the logback.xml on its own classpath, as the bench's load
   * clients do (the demo's: warnings and errors only): the same as a manager's.
   */
  public List<String> withOwnLogging() {
    return forManager();
  }

  /** Options for a cluster node. */
  List<String> forCluster() {
    List<String> options = common();
    Path logback = layout.root().resolve("config").resolve("logback.xml");
    if (Files.exists(logback)) {
      options.add("-Dlogback.configurationFile=" + logback);
    }
    return withJavaOpts(options);
  }

  private List<String> common() {
    List<String> options = new ArrayList<>();
    options.add("-Dsharedstore.home=" + layout.root());
    Path conf = layout.applicationConf();
    if (Files.exists(conf)) {
      options.add("-Dconfig.file=" + conf);
    }
    return options;
  }

  private static List<String> withJavaOpts(List<String> options) {
    options.addAll(JvmProcess.javaOptsFromEnvironment());
    return List.copyOf(options);
  }
}
