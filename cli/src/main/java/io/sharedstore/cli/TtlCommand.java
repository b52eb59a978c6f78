package io.sharedstore.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sharedstore.cluster.Ttl;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ttl KEY}: as Redis's TTL, the seconds left (rounded), -1 for a key without expiry, -2
 * for a missing key; with {@code --json} the milliseconds left ({@code ttl_ms}, null without
 * expiry) and whether the key exists.
 */
@Command(
    name = "ttl",
    description = "Prints the seconds KEY has left, -1 if it never expires, -2 if it is missing.")
final class TtlCommand extends StoreCommand {

  private static final long NO_EXPIRY = -1;
  private static final long MISSING = -2;

  @Parameters(paramLabel = "KEY", description = "the key")
  private String key;

  @Override
  void execute(Session session) {
    Ttl ttl = session.await(session.store().ttl(key, session.timeout()));
    long seconds =
        !ttl.exists()
            ? MISSING
            : ttl.remaining().map(left -> (left.toMillis() + 500) / 1000).orElse(NO_EXPIRY);
    ObjectNode document = Output.document().put("key", key).put("exists", ttl.exists());
    if (ttl.remaining().isPresent()) {
      document.put("ttl_ms", ttl.remaining().map(Duration::toMillis).get());
    } else {
      document.putNull("ttl_ms");
    }
    session.output().result(Long.toString(seconds), document);
  }
}
