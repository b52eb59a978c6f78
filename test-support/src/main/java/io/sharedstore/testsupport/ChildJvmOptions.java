package io.sharedstore.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options for the processes a tool starts: {@code -Dsharedstore.home}, the operator's
 * {@code config/application.conf} as {@code -Dconfig.file} and, for cluster nodes (whose jar ships
 * no logging configuration), {@code config/logback.xml}; then {@code $JAVA_OPTS}, last so that
 * its {@code -D} settings win.
 */
public final class ChildJvmOptions {

  private final ProjectLayout layout;

  /** The options for processes started from the checkout {@code layout} describes. */
  public ChildJvmOptions(ProjectLayout layout) {
    this.layout = layout;
  }

  /**
   * Options for a JVM that logs with the logback.xml on its own classpath: a manager (its jar
   * holds one) or a tool's load client (the demo's: warnings and errors only).
   */
  public List<String> standard() {
    return withJavaOpts(common());
  }

  /** Options for a cluster node: {@link #standard()} plus the operator's logback.xml. */
  public List<String> forCluster() {
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
