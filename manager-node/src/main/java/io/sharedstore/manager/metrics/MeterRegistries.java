package io.sharedstore.manager.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/**
 * Where the manager's meters are published: a Prometheus registry when the metrics port is set, a
 * JMX registry (domain {@value #JMX_DOMAIN}) when {@code metrics.jmx = on}. The meters are
 * registered in {@link #meters()}: the one registry itself when only one is on, so recording
 * goes straight to it, or a composite of both.
 */
final class MeterRegistries implements AutoCloseable {

  /**
   * The JMX domain of the MBeans: {@code shared_store:name=sharedStoreKeys,type=gauges}, ...
   * (Micrometer's Dropwizard names: the meter's name in camel case, then its tags).
   */
  static final String JMX_DOMAIN = "shared_store";

  private final Optional<PrometheusMeterRegistry> prometheus;
  private final Optional<JmxMeterRegistry> jmx;
  private final MeterRegistry meters;

  private MeterRegistries(Optional<PrometheusMeterRegistry> prometheus,
      Optional<JmxMeterRegistry> jmx, MeterRegistry meters) {
    this.prometheus = prometheus;
    this.jmx = jmx;
    this.meters = meters;
  }

  /**
   * The registries the settings ask for.
   *
   * @param settings port and JMX settings; at least one of them on
   */
  static MeterRegistries create(MetricsSettings settings) {
    Optional<PrometheusMeterRegistry> prometheus = settings.port().isPresent()
        ? Optional.of(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        : Optional.empty();
    Optional<JmxMeterRegistry> jmx = settings.jmx()
        ? Optional.of(new JmxMeterRegistry(new JmxConfig() {
            @Override
            public String domain() {
              return JMX_DOMAIN;
            }

            @Override
            public String get(String key) {
              return null;
            }
          }, Clock.SYSTEM))
        : Optional.empty();
    MeterRegistry meters;
    if (prometheus.isPresent() && jmx.isPresent()) {
      CompositeMeterRegistry composite = new CompositeMeterRegistry();
      composite.add(prometheus.get());
      composite.add(jmx.get());
      meters = composite;
    } else {
      meters = prometheus.<MeterRegistry>map(p -> p).orElseGet(jmx::orElseThrow);
    }
    return new MeterRegistries(prometheus, jmx, meters);
  }

  /** Where the meters are registered and recorded. */
  MeterRegistry meters() {
    return meters;
  }

  /** The Prometheus registry, present when the metrics port is set. */
  Optional<PrometheusMeterRegistry> prometheus() {
    return prometheus;
  }

  /** Whether the meters are also MBeans. */
  boolean jmx() {
    return jmx.isPresent();
  }

  /** Closes the registries: the MBeans are unregistered. */
  @Override
  public void close() {
    meters.close();
    prometheus.ifPresent(MeterRegistry::close);
    jmx.ifPresent(MeterRegistry::close);
  }
}
