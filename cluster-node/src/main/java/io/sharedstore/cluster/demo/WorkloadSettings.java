package io.sharedstore.cluster.demo;

import java.time.Duration;

/**
 * The shape of the demo workload: how many concurrent lanes each use case runs, how long a lane
 * pauses between steps, and the parameters of the four use cases. Every cluster node of one demo
 * must use the same values, since the driver checks the invariants across clusters.
 *
 * @param lanesPerUseCase concurrent loops per use case, so several operations are outstanding
 * @param pauseBetweenSteps how long a lane waits before its next step
 * @param users distinct users of the cooldown use case
 * @param commands distinct commands of the cooldown use case
 * @param cooldown how long a (user, command) pair is refused after it ran
 * @param guilds distinct guilds of the rate-limit use case
 * @param rateLimit calls allowed per guild and window, across all clusters
 * @param rateWindow the length of one rate-limit window (windows are aligned to the wall clock)
 * @param configFlipInterval how often the flipping cluster changes {@code config:maintenance}
 * @param configPollInterval how often every cluster reads {@code config:maintenance}
 * @param taskClaimTtl how long a claimed task id stays claimed
 * @param flippingCluster the cluster id that flips the shared configuration
 */
public record WorkloadSettings(
    int lanesPerUseCase,
    Duration pauseBetweenSteps,
    int users,
    int commands,
    Duration cooldown,
    int guilds,
    int rateLimit,
    Duration rateWindow,
    Duration configFlipInterval,
    Duration configPollInterval,
    Duration taskClaimTtl,
    int flippingCluster) {

  /** The values the demo uses. */
  public static WorkloadSettings defaults() {
    return new WorkloadSettings(
        3,
        Duration.ofMillis(2),
        5,
        3,
        Duration.ofSeconds(5),
        3,
        20,
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofMillis(100),
        Duration.ofSeconds(60),
        1);
  }
}
