package io.sharedstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sharedstore.cluster.StoreEvent;
import io.sharedstore.cluster.Watch;
import io.sharedstore.cluster.WatchOptions;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code watch GLOB}: prints every change of a matching key as it arrives, one line each ({@code
 * changed KEY REVISION VALUE}, {@code deleted KEY REVISION}, {@code expired KEY REVISION},
 * {@code reset REASON REVISION}; one JSON document each with --json), until {@code --count}
 * events or Ctrl-C (which ends it normally: exit 0, as {@code stat} and {@code latency}). The
 * events are printed from this thread, never from the client's.
 */
@Command(name = "watch",
    description = "Prints every change of a key matching GLOB as it arrives (Ctrl-C stops).")
final class WatchCommand extends StoreCommand {

  @Parameters(paramLabel = "GLOB", description = "* any run, ? one character, \\ escapes")
  private String glob;

  @Option(names = "--count", paramLabel = "N", description = "stop after N events")
  private long count = Long.MAX_VALUE;

  @Option(names = "--from-revision", paramLabel = "R",
      description = "every change after revision R the manager still holds, then live")
  private Long fromRevision;

  @Override
  void execute(Session session) {
    if (count < 1) {
      throw new IllegalArgumentException("watch: --count must be at least 1, was " + count);
    }
    BlockingQueue<StoreEvent> events = new LinkedBlockingQueue<>();
    WatchOptions options =
        fromRevision == null ? WatchOptions.fromNow() : WatchOptions.fromRevision(fromRevision);
    try (CtrlC ctrlC = CtrlC.catching()) {
      try (Watch watch = session.store().watch(glob, options, events::add)) {
        session.await(watch.started());
        for (long printed = 0; printed < count; printed++) {
          print(session.output(), events.take());
        }
      } catch (InterruptedException e) {
        if (!ctrlC.pressed()) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static void print(Output output, StoreEvent event) {
    ObjectNode document = Output.document().put("revision", event.revision());
    if (event instanceof StoreEvent.Changed changed) {
      JsonNode value = changed.value(JsonNode.class);
      document.put("event", "changed").put("key", changed.key()).set("value", value);
      output.result("changed " + changed.key() + " " + changed.revision() + " "
          + Output.text(value), document);
    } else if (event instanceof StoreEvent.Deleted deleted) {
      document.put("event", "deleted").put("key", deleted.key());
      output.result("deleted " + deleted.key() + " " + deleted.revision(), document);
    } else if (event instanceof StoreEvent.Expired expired) {
      document.put("event", "expired").put("key", expired.key());
      output.result("expired " + expired.key() + " " + expired.revision(), document);
    } else if (event instanceof StoreEvent.Reset reset) {
      document.put("event", "reset").put("reason", reset.reason().name());
      output.result("reset " + reset.reason() + " " + reset.revision(), document);
    }
  }
}
