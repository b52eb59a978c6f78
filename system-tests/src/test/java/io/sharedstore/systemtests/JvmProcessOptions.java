package io.sharedstore.systemtests;

import io.sharedstore.testsupport.JvmProcess;
import java.util.List;

/** The child JVM options from the environment, minus those a test sets itself. */
final class JvmProcessOptions {

  private JvmProcessOptions() {}

  static List<String> fromEnvironmentWithout(String prefix) {
    return JvmProcess.javaOptsFromEnvironment().stream()
        .filter(option -> !option.startsWith(prefix))
        .toList();
  }
}
