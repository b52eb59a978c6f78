package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Development TLS material made by the operator's own command, {@code bin/shared-store gen-certs
 * DIR}, and the settings of {@code config/tls.conf} for one role of it: the variables of {@code
 * DIR/ROLE.env}, passed as system properties (which the file's substitutions read as well as
 * environment variables).
 */
final class GenCerts {

  private static final long TIMEOUT_SECONDS = 90;

  private final Path dir;

  private GenCerts(Path dir) {
    this.dir = dir;
  }

  /** Runs {@code bin/shared-store gen-certs dir} and checks it succeeded. */
  static GenCerts into(Path dir) throws IOException, InterruptedException {
    return into(List.of(dir)).get(0);
  }

  /** Runs {@code bin/shared-store gen-certs} for each directory, all at once. */
  static List<GenCerts> into(List<Path> dirs) throws IOException, InterruptedException {
    Path script = Managers.layout().root().resolve("bin").resolve("shared-store");
    List<Process> processes = new ArrayList<>();
    try {
      for (Path dir : dirs) {
        processes.add(
            new ProcessBuilder(script.toString(), "gen-certs", dir.toString())
                .redirectErrorStream(true)
                .start());
      }
      List<GenCerts> made = new ArrayList<>();
      for (int i = 0; i < dirs.size(); i++) {
        Process process = processes.get(i);
        String output;
        try (var in = process.getInputStream()) {
          output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          throw new AssertionError("gen-certs still running after " + TIMEOUT_SECONDS + " s:\n" + output);
        }
        assertEquals(0, process.exitValue(), "gen-certs exit code; output:\n" + output);
        made.add(new GenCerts(dirs.get(i)));
      }
      return made;
    } finally {
      processes.forEach(Process::destroyForcibly);
    }
  }

  Path dir() {
    return dir;
  }

  /** The {@code SHARED_STORE_TLS_*} variables of {@code ROLE.env} ({@code manager}, {@code cluster}). */
  Map<String, String> variables(String role) throws IOException {
    Map<String, String> variables = new LinkedHashMap<>();
    for (String line : Files.readAllLines(dir.resolve(role + ".env"))) {
      if (line.startsWith("export ")) {
        String assignment = line.substring("export ".length());
        int eq = assignment.indexOf('=');
        variables.put(assignment.substring(0, eq), assignment.substring(eq + 1));
      }
    }
    return variables;
  }

  /** JVM options that run a node with {@code config/tls.conf} as {@code role}. */
  List<String> jvmOptions(String role) throws IOException {
    List<String> options = new ArrayList<>();
    options.add("-Dsharedstore.home=" + Managers.layout().root());
    options.add("-Dconfig.file=" + tlsConf());
    variables(role).forEach((name, value) -> options.add("-D" + name + "=" + value));
    return options;
  }

  /** The config a cluster client in this JVM gets from {@code config/tls.conf} as {@code role}. */
  Config clientConfig(String role) throws IOException {
    return ConfigFactory.parseMap(variables(role))
        .withFallback(ConfigFactory.parseFile(tlsConf().toFile()))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  static Path tlsConf() {
    return Managers.layout().root().resolve("config").resolve("tls.conf");
  }
}
