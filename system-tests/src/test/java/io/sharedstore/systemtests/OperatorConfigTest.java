package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.testsupport.ProjectLayout;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The operator's file, config/application.conf, documents every library setting of the store
 * with its default value, so it never drifts from reference.conf.
 */
class OperatorConfigTest {

  @Test
  void theOperatorFileListsEverySharedStoreSettingWithItsDefault() {
    Config operator = ConfigFactory.parseFile(ProjectLayout.locate().applicationConf().toFile());
    Config reference = ConfigFactory.defaultReference();
    assertEquals(leaves(reference.getConfig("shared-store")), leaves(operator.getConfig("shared-store")));
  }

  private static Map<String, Object> leaves(Config config) {
    Map<String, Object> leaves = new TreeMap<>();
    config.entrySet().forEach(e -> leaves.put(e.getKey(), e.getValue().unwrapped()));
    return leaves;
  }
}
