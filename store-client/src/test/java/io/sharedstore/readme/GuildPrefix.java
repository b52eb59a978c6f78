package io.sharedstore.readme;

// The README's first example, verbatim between the markers (ReadmeSnippetsTest checks it). It sits
// in a package of its own so that it compiles with exactly the imports the README shows.
// README:begin first-example
import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;

public class GuildPrefix {
  public static void main(String[] args) {
    String manager = args.length > 0 ? args[0] : "127.0.0.1:17355";
    try (ClusterClient cluster = ClusterClient.connect(1, manager)) {
      StoreClient store = cluster.store();
      String prefix = store.set("guild:42:prefix", "!")                     // CompletionStage<Done>
          .thenCompose(done -> store.get("guild:42:prefix", String.class))  // Optional<String>
          .toCompletableFuture()
          .join()                                                           // wait before the client closes
          .orElse("?");
      System.out.println("prefix: " + prefix);
    }
  }
}
// README:end
