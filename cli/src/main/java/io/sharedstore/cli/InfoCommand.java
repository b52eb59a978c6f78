package io.sharedstore.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sharedstore.cluster.StoreInfo;
import io.sharedstore.store.protocol.ClusterInfo;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code info [SECTION]}: what the manager says about itself, as Redis's {@code INFO} prints it
 * ({@code # Server} then {@code name:value} lines, a blank line between sections); with {@code
 * --json}, one document of sections of fields. {@code info cluster} prints the store cluster
 * instead, as one of its nodes sees it ({@link ClusterInfoLines}).
 */
@Command(name = "info",
    description = "Prints the manager's info: server, clients, memory, stats, keyspace;"
        + " or the store cluster's members and slots (info cluster).")
final class InfoCommand extends StoreCommand {

  @Parameters(arity = "0..1", paramLabel = "SECTION",
      description = "only this section: server, clients, memory, stats or keyspace; or cluster")
  private String section;

  @Override
  void execute(Session session) {
    if (section != null && section.toLowerCase(Locale.ROOT).equals("cluster")) {
      ClusterInfo cluster = session.await(session.clusterInfo());
      session.output().result(ClusterInfoLines.plain(cluster),
          ClusterInfoLines.document(cluster));
      return;
    }
    StoreInfo info = session.await(session.store().info(session.timeout()));
    Map<String, Map<String, Object>> sections = info.sections();
    String wanted = section == null ? null : section.toLowerCase(Locale.ROOT);
    if (wanted != null && !sections.containsKey(wanted)) {
      throw new IllegalArgumentException("info: no section [" + section + "]; the sections are "
          + String.join(", ", sections.keySet()));
    }
    StringBuilder plain = new StringBuilder();
    ObjectNode document = Output.document();
    sections.forEach((name, fields) -> {
      if (wanted != null && !wanted.equals(name)) {
        return;
      }
      if (plain.length() > 0) {
        plain.append(System.lineSeparator());
      }
      plain.append("# ").append(Character.toUpperCase(name.charAt(0))).append(name.substring(1))
          .append(System.lineSeparator());
      ObjectNode fieldsNode = document.putObject(name);
      fields.forEach((field, value) -> {
        plain.append(field).append(':').append(value).append(System.lineSeparator());
        if (value instanceof Long number) {
          fieldsNode.put(field, number);
        } else if (value instanceof Integer number) {
          fieldsNode.put(field, number);
        } else {
          fieldsNode.put(field, String.valueOf(value));
        }
      });
    });
    session.output().result(plain.toString().stripTrailing(), document);
  }
}
