package io.sharedstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sharedstore.cluster.SetOptions;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code set KEY JSON [--ttl 5s] [--nx]}: stores the JSON value (as the store's CBOR, so a Java
 * client reads it as its own type). Prints {@code OK}; with {@code --nx} on an existing key
 * nothing is written and it prints {@code (nil)}, as redis-cli.
 */
@Command(name = "set", description = "Stores a JSON value under KEY.")
final class SetCommand extends StoreCommand {

  @Parameters(index = "0", paramLabel = "KEY", description = "the key")
  private String key;

  @Parameters(
      index = "1",
      paramLabel = "JSON",
      converter = JsonConverter.class,
      description = "the value as JSON, e.g. 42, '\"text\"' or '{\"name\":\"x\"}'")
  private JsonNode value;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "expire the key after this long, e.g. 5s (default: never)")
  private Duration ttl;

  @Option(names = "--nx", description = "only if KEY does not exist yet")
  private boolean onlyIfAbsent;

  @Override
  void execute(Session session) {
    SetOptions options = ttl == null ? SetOptions.none() : SetOptions.ttl(ttl);
    boolean written;
    if (onlyIfAbsent) {
      written =
          session.await(session.store().setIfAbsent(key, value, options, session.timeout()));
    } else {
      session.await(session.store().set(key, value, options, session.timeout()));
      written = true;
    }
    session.output().result(
        written ? "OK" : Output.NIL, Output.document().put("key", key).put("set", written));
  }
}
