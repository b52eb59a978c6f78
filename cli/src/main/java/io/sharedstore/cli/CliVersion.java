package io.sharedstore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version Maven wrote into the CLI's jar. */
final class CliVersion implements IVersionProvider {

  private static final String POM_PROPERTIES = "/META-INF/maven/io.sharedstore/cli/pom.properties";

  @Override
  public String[] getVersion() throws IOException {
    try (InputStream in = CliVersion.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) {
        return new String[] {"Shared Store cli (version unknown: not run from its jar)"};
      }
      Properties properties = new Properties();
      properties.load(in);
      return new String[] {"Shared Store cli " + properties.getProperty("version", "unknown")};
    }
  }
}
