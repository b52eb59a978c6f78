package io.sharedstore.sharding;

import com.typesafe.config.Config;
import java.util.List;
import org.apache.pekko.cluster.ConfigValidation;
import org.apache.pekko.cluster.JoinConfigCompatChecker;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Refuses a store node that would join a cluster with another number of slots, of shards or
 * another durability: its keys would hash to other slots (its slots would be in other shards, or
 * keep other promises), so it
 * must never serve beside the others. Pekko runs it on the member that answers a join
 * ({@code pekko.cluster.configuration-compatibility-check.checkers}, set in this module's
 * reference.conf); the joining node logs why and does not join.
 */
public final class SlotsCompatCheck extends JoinConfigCompatChecker {

  /** The keys every store node of a cluster must agree on. */
  static final List<String> KEYS =
      List.of("shared-store.cluster.slots", "shared-store.cluster.shards",
          "shared-store.cluster.durability");

  /** Created by Pekko, by reflection. */
  public SlotsCompatCheck() {}

  @Override
  public scala.collection.immutable.Seq<String> requiredKeys() {
    return CollectionConverters.asScala(KEYS).toList();
  }

  @Override
  public ConfigValidation check(Config toCheck, Config actualConfig) {
    return JoinConfigCompatChecker.fullMatch(requiredKeys(), toCheck, actualConfig);
  }
}
