package io.sharedstore.store;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * How the manager's log names a client: by its cluster id and its address, both read from the
 * actor it sends from. A {@code ClusterClient}'s connection actor is named {@code
 * shared-store-connection-<clusterId>-<n>}, and the client pings and asks from it or from one of
 * its children (a message adapter); a sender that is neither is named by its address only.
 */
final class ClientNames {

  private static final Pattern CONNECTION = Pattern.compile("shared-store-connection-(\\d+)-\\d+");

  private ClientNames() {}

  /** E.g. {@code cluster [3] at [shared-store-cluster-3@127.0.0.1:40213]}. */
  static String describe(ActorRef<?> client) {
    return describe(client.path());
  }

  /** As above, for the client's path. */
  static String describe(ActorPath path) {
    String at = "at [" + path.address().hostPort() + "]";
    return clusterId(path).map(id -> "cluster [" + id + "] " + at).orElse("unknown cluster " + at);
  }

  /** The cluster id in the name of the client's connection actor, if the path has one. */
  static Optional<String> clusterId(ActorPath path) {
    for (String element : path.getElements()) {
      Matcher connection = CONNECTION.matcher(element);
      if (connection.matches()) {
        return Optional.of(connection.group(1));
      }
    }
    return Optional.empty();
  }
}
