package io.sharedstore.cluster.demo;

/** The shared configuration key the demo flips and reads. */
final class MaintenanceFlag {

  static final String KEY = "config:maintenance";

  private MaintenanceFlag() {}
}
