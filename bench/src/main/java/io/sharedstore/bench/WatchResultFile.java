package io.sharedstore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The JSON result file of a watch tool ({@link WatchLatency}, {@link WatchFanout}): the fields
 * every such file starts with, and writing it as {@code DIR/NAME-yyyyMMdd-HHmmss.json}.
 */
final class WatchResultFile {

  private WatchResultFile() {}

  /** A root object holding the timestamp, the command, JAVA_OPTS, the cores and Java version. */
  static ObjectNode root(ObjectMapper json, String command) {
    ObjectNode root = json.createObjectNode();
    root.put("timestamp", OffsetDateTime.now().withNano(0).toString());
    root.put("command", command);
    root.put("javaOpts", System.getenv().getOrDefault("JAVA_OPTS", ""));
    root.put("cores", Runtime.getRuntime().availableProcessors());
    root.put("java", System.getProperty("java.version"));
    return root;
  }

  /** Writes {@code root} pretty-printed to {@code dir/name-STAMP.json}; answers the file. */
  static Path write(ObjectMapper json, ObjectNode root, Path dir, String name) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path file = dir.resolve(name + "-" + stamp + ".json");
    try {
      Files.createDirectories(dir);
      json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }
}
