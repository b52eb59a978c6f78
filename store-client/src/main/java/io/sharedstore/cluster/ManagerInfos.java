package io.sharedstore.cluster;

import io.sharedstore.store.protocol.ManagerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The manager's {@link ManagerInfo} (the protocol's) as the public {@link StoreInfo}. */
final class ManagerInfos {

  private ManagerInfos() {}

  static StoreInfo toStoreInfo(ManagerInfo info) {
    ManagerInfo.Server server = info.server();
    List<StoreInfo.Client> clients = new ArrayList<>();
    for (ManagerInfo.Client client : info.clients().listed()) {
      clients.add(new StoreInfo.Client(client.address(), client.clusterId(),
          Instant.ofEpochMilli(client.firstSeenMillis()),
          Instant.ofEpochMilli(client.lastHeartbeatMillis())));
    }
    ManagerInfo.Memory memory = info.memory();
    ManagerInfo.Stats stats = info.stats();
    return new StoreInfo(
        new StoreInfo.Server(server.version(), server.epoch(),
            Duration.ofMillis(server.uptimeMillis()), server.pid(), server.hostPort(),
            server.persistence().map(p -> new StoreInfo.Persistence(p.directory(), p.fsync(),
                p.logBytes()))),
        new StoreInfo.Clients(info.clients().connected(), clients),
        new StoreInfo.Memory(memory.usedMemory(), memory.entries(), memory.entriesWithTtl(),
            memory.heapUsed(), memory.heapMax()),
        new StoreInfo.Stats(stats.operations(), stats.keyspaceHits(), stats.keyspaceMisses(),
            stats.expiredKeys(), stats.refusedByReason(), stats.watches(),
            stats.instantaneousOpsPerSec(), stats.operationsPerSecond(),
            stats.handlingP99Micros()),
        new StoreInfo.Keyspace(info.keyspace().keys(), info.keyspace().keysWithTtl()));
  }
}
