package io.sharedstore.manager.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's and the process's meters (memory pools, GC pauses, threads, classes, CPU, uptime,
 * open files), Micrometer's standard binders.
 */
final class JvmMeters implements AutoCloseable {

  /** The one binder that holds resources (GC notification listeners). */
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /**
   * Binds them all to {@code registry}.
   *
   * @param registry where they go
   */
  JvmMeters(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** Removes the GC listeners. */
  @Override
  public void close() {
    gc.close();
  }
}
