package io.sharedstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code get KEY}: the value as JSON (the stored CBOR read as a tree), or {@code (nil)}. */
@Command(name = "get", description = "Prints the value of KEY as JSON, or (nil) if it is missing.")
final class GetCommand extends StoreCommand {

  @Parameters(paramLabel = "KEY", description = "the key")
  private String key;

  @Override
  void execute(Session session) {
    Optional<JsonNode> value =
        session.await(session.store().get(key, JsonNode.class, session.timeout()));
    session.output().result(
        value.map(Output::text).orElse(Output.NIL),
        Output.document().put("key", key).set("value", value.orElse(NullNode.getInstance())));
  }
}
