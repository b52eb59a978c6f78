package io.sharedstore.cluster;

import io.sharedstore.store.protocol.Replies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's connections to the store's nodes and the routing of each call to one of them.
 *
 * <p>Modes: {@code SINGLE} (one manager: every call goes to its one link, and reachability is
 * that link's, exactly as a client of one address always did), {@code UNDECIDED} (several
 * addresses were given and no node has answered the slot map yet: calls go to any node, the
 * first reachable one, which forwards them) and {@code CLUSTER} (a slot map is known: a call
 * with a routing key goes to the link of its slot's owner, and fails at once with {@link
 * StoreUnavailableException} naming that node while its link is unreachable; a call without
 * one, or for a slot with no owner, goes to any reachable node).
 *
 * <p>One link per node keeps the order of one caller's calls per slot. When a new map moves a
 * slot, calls already sent to the old owner may still be applied after calls sent to the new
 * one (the old owner forwards them): order across a move is not guaranteed.
 *
 * <p>The routing is one immutable snapshot behind a volatile field: callers read it on any
 * thread without a lock; only the client's {@link SlotMapRefresher} replaces it ({@link
 * #apply}, {@link #becomeSingle}). The first address given (the watches' node) is never closed
 * before the client is, even if the map does not name it.
 */
final class NodeConnections {

  enum Mode {
    SINGLE,
    UNDECIDED,
    CLUSTER
  }

  private record Routing(Mode mode, SlotTable table, Map<String, NodeLink> links) {}

  private static final Logger log = LoggerFactory.getLogger(NodeConnections.class);

  private final NodeLink first;
  private final Function<String, NodeLink> opener;
  private final List<Consumer<ManagerEvent>> listeners = new CopyOnWriteArrayList<>();
  private final Object changed = new Object();
  private volatile Routing routing;
  private volatile boolean closed;
  /** Counts the changes {@link #awaitReachable} waits for; guarded by {@link #changed}. */
  private long changes;

  /**
   * Connections to the nodes of {@code seeds} (already open), opening a link for each node a
   * map names later with {@code opener} ({@code host:port} to link).
   */
  NodeConnections(List<NodeLink> seeds, Function<String, NodeLink> opener) {
    this.first = seeds.get(0);
    this.opener = opener;
    Map<String, NodeLink> links = new LinkedHashMap<>();
    for (NodeLink seed : seeds) {
      links.put(seed.address(), seed);
      watchForChanges(seed);
    }
    this.routing = new Routing(seeds.size() == 1 ? Mode.SINGLE : Mode.UNDECIDED,
        SlotTable.NONE, Collections.unmodifiableMap(links));
  }

  /** One manager's link, for good (tests of the connection). */
  static NodeConnections single(NodeLink link) {
    return new NodeConnections(List.of(link), address -> {
      throw new IllegalStateException("a single manager's client opens no other link");
    });
  }

  Mode mode() {
    return routing.mode();
  }

  SlotTable table() {
    return routing.table();
  }

  /** The first address given: where the watches go. */
  NodeLink first() {
    return first;
  }

  /**
   * Whether the client is a single manager's and that manager is the first address given, where
   * the watches go: then a watch sees every change of the store (a near cache needs that).
   */
  boolean watchesSeeEverything() {
    Routing now = routing;
    return now.mode() == Mode.SINGLE && now.links().containsValue(first);
  }

  /** Every link routed to now, in the map's order (seeds first before a map). */
  List<NodeLink> links() {
    return List.copyOf(routing.links().values());
  }

  /**
   * The link a call with {@code routingKey} goes to (null: any node); see the class comment.
   */
  NodeLink route(String routingKey) {
    Routing now = routing;
    if (routingKey != null && now.table().isCluster()) {
      Optional<String> owner = now.table().ownerOf(routingKey);
      if (owner.isPresent()) {
        NodeLink link = now.links().get(owner.get());
        if (link != null) {
          return link;
        }
      }
    }
    return any(now);
  }

  /**
   * The link a call for no key in particular goes to now (as {@code scan}, {@code size}, {@code
   * info}): the first reachable link; else the first still connecting; else the first.
   */
  NodeLink any() {
    return any(routing);
  }

  /** The first reachable link; else the first still connecting; else the first. */
  private NodeLink any(Routing now) {
    NodeLink connecting = null;
    NodeLink firstLink = null;
    for (NodeLink link : now.links().values()) {
      ManagerState.Phase phase = link.state().phase();
      if (phase == ManagerState.Phase.REACHABLE) {
        return link;
      }
      if (firstLink == null) {
        firstLink = link;
      }
      if (connecting == null && phase == ManagerState.Phase.CONNECTING) {
        connecting = link;
      }
    }
    return connecting != null ? connecting : firstLink != null ? firstLink : first;
  }

  /**
   * Whether the store answers: a single manager's link is reachable; or, in a cluster, every
   * slot has an owner and every owner's link is reachable. False before any node answered the
   * map of a client given several addresses.
   */
  boolean allOwnersReachable() {
    Routing now = routing;
    switch (now.mode()) {
      case SINGLE:
        return any(now).state().isReachable();
      case UNDECIDED:
        return false;
      default:
        if (now.table().hasUnownedSlot()) {
          return false;
        }
        for (String owner : now.table().owners()) {
          NodeLink link = now.links().get(owner);
          if (link == null || !link.state().isReachable()) {
            return false;
          }
        }
        return true;
    }
  }

  /**
   * Whether any link routed to is not reachable now: unreachable, or not yet answered (a node
   * the map names that this client could not reach since it connected, a crashed one).
   */
  boolean anyNotReachable() {
    for (NodeLink link : routing.links().values()) {
      if (!link.state().isReachable()) {
        return true;
      }
    }
    return false;
  }

  /** Whether any link routed to is unreachable now. */
  boolean anyUnreachable() {
    for (NodeLink link : routing.links().values()) {
      if (link.state().phase() == ManagerState.Phase.UNREACHABLE) {
        return true;
      }
    }
    return false;
  }

  /**
   * A new slot map: opens a link to each node new in it, routes by it, and retires the links of
   * nodes it no longer names (the first address's link stays open, unrouted, for the watches).
   */
  synchronized void apply(SlotTable table) {
    if (closed) {
      return;
    }
    Routing before = routing;
    Map<String, NodeLink> links = new LinkedHashMap<>();
    for (String node : table.nodes()) {
      NodeLink link = before.links().get(node);
      if (link == null && node.equals(first.address())) {
        link = first;
      }
      if (link == null) {
        link = opener.apply(node);
        for (Consumer<ManagerEvent> listener : listeners) {
          link.state().addListener(listener);
        }
        watchForChanges(link);
        log.info("Shared store node [{}] joined the slot map", node);
      }
      links.put(node, link);
    }
    routing = new Routing(Mode.CLUSTER, table, Collections.unmodifiableMap(links));
    for (NodeLink old : before.links().values()) {
      if (!links.containsKey(old.address()) && old != first) {
        log.info("Shared store node [{}] left the slot map: its connection is closed",
            old.address());
        old.retire();
      }
    }
    signal();
  }

  /**
   * The node at {@code address} answered that it is a single manager: from now on every call
   * goes to it, as a client of that one address; the other links are retired (except the first
   * address's, kept for the watches).
   */
  synchronized void becomeSingle(String address) {
    Routing before = routing;
    NodeLink single = before.links().get(address);
    if (closed || single == null) {
      return;
    }
    routing = new Routing(Mode.SINGLE, SlotTable.NONE, Map.of(address, single));
    for (NodeLink old : before.links().values()) {
      if (old != single && old != first) {
        old.retire();
      }
    }
    signal();
  }

  /**
   * Returns once {@link #allOwnersReachable}; throws {@link StoreUnavailableException} when
   * the node a single manager's client talks to, or a slot owner's, is unreachable (its
   * connect-timeout passed without an answer, or it stopped answering), or {@code timeout}
   * passes first.
   */
  void awaitReachable(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean firstLook = true;
    while (true) {
      long seen;
      synchronized (changed) {
        seen = changes;
      }
      Routing now = routing;
      if (now.mode() == Mode.SINGLE) {
        long left = deadline - System.nanoTime();
        // as a single manager's client always did, with the timeout as given on the first look
        any(now).state().awaitReachable(firstLook ? timeout
            : Duration.ofNanos(Math.max(1, left)));
        return;
      }
      if (allOwnersReachable()) {
        return;
      }
      Optional<NodeLink> away = unreachableOwner(now);
      if (away.isPresent()) {
        away.get().state().awaitReachable(Duration.ofNanos(1)); // throws: it is unreachable
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new StoreUnavailableException("awaitReachable", "", describe(now), Instant.now(),
            "not every slot's owner answered within " + timeout.toMillis() + " ms"
                + (now.mode() == Mode.UNDECIDED ? " (no node answered the slot map yet)" : ""),
            false, Optional.empty());
      }
      synchronized (changed) {
        if (changes == seen) {
          changed.wait(Math.max(1, left / 1_000_000));
        }
      }
      firstLook = false;
    }
  }

  /** An unreachable owner's link in a cluster; before a map, a link if all are unreachable. */
  private static Optional<NodeLink> unreachableOwner(Routing now) {
    if (now.mode() == Mode.UNDECIDED) {
      for (NodeLink link : now.links().values()) {
        if (link.state().phase() != ManagerState.Phase.UNREACHABLE) {
          return Optional.empty();
        }
      }
      return now.links().values().stream().findFirst();
    }
    for (String owner : now.table().owners()) {
      NodeLink link = now.links().get(owner);
      if (link != null && link.state().phase() == ManagerState.Phase.UNREACHABLE) {
        return Optional.of(link);
      }
    }
    return Optional.empty();
  }

  /** The addresses routed to, for errors: {@code H1:P1,H2:P2}. */
  String describe() {
    return describe(routing);
  }

  private static String describe(Routing now) {
    return String.join(",", now.links().keySet());
  }

  /** Tells {@code listener} of every node's {@link ManagerEvent}s, also of nodes added later. */
  synchronized void addListener(Consumer<ManagerEvent> listener) {
    listeners.add(listener);
    for (NodeLink link : allLinks()) {
      link.state().addListener(listener);
    }
  }

  synchronized boolean removeListener(Consumer<ManagerEvent> listener) {
    boolean removed = listeners.remove(listener);
    for (NodeLink link : allLinks()) {
      link.state().removeListener(listener);
    }
    return removed;
  }

  /** Closes every link. */
  synchronized void closeAll() {
    closed = true;
    for (NodeLink link : allLinks()) {
      link.close();
    }
    signal();
  }

  private List<NodeLink> allLinks() {
    List<NodeLink> all = new ArrayList<>(routing.links().values());
    if (!all.contains(first)) {
      all.add(first);
    }
    return all;
  }

  /** Wakes {@link #awaitReachable} on every change of a link's phase. */
  private void watchForChanges(NodeLink link) {
    link.state().addListener(event -> signal());
    link.state().onOwnerHint(this::moved);
  }

  /**
   * A node answered that {@code owner.node()} serves {@code owner.slot()} (it forwarded the
   * requests there): route that slot there from now on, until the next map says otherwise, so
   * its next calls take no extra hop. Only to a node of the map whose connection answers: a
   * late answer of a node that has left must not open a connection to it again.
   */
  synchronized void moved(Replies.Owner owner) {
    Routing now = routing;
    if (closed || now.mode() != Mode.CLUSTER) {
      return;
    }
    SlotTable table = now.table();
    NodeLink link = now.links().get(owner.node());
    if (owner.slot() < 0 || owner.slot() >= table.slots() || link == null
        || !link.state().isReachable()
        || table.ownerOfSlot(owner.slot()).filter(owner.node()::equals).isPresent()) {
      return; // a node the map does not name (new, or gone: a late answer) waits for the map
    }
    log.debug("Shared store slot [{}] is served by [{}] (a forwarded answer said so)",
        owner.slot(), owner.node());
    apply(table.withOwner(owner.slot(), owner.node()));
  }

  private void signal() {
    synchronized (changed) {
      changes++;
      changed.notifyAll();
    }
  }
}
