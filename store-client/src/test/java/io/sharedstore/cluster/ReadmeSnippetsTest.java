package io.sharedstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of the root README.md is, up to whitespace, one of the regions
 * marked {@code // README:begin NAME} ... {@code // README:end} in this module's test sources,
 * which {@link ReadmeExamplesTest} compiles and runs; and every marked region is in the README.
 * So a snippet cannot go stale: change the README, and this test fails until the test code
 * changes with it.
 */
class ReadmeSnippetsTest {

  private static final Pattern JAVA_BLOCK =
      Pattern.compile("^```java[ \\t]*\\n(.*?)^```[ \\t]*$", Pattern.MULTILINE | Pattern.DOTALL);
  private static final Pattern BEGIN = Pattern.compile("^\\s*// README:begin (\\S+)\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*// README:end\\s*$");

  @Test
  void everyJavaBlockOfTheReadmeIsAMarkedRegionAndEveryRegionIsInTheReadme() {
    List<String> blocks = javaBlocks(read(readme()));
    Map<String, String> regions = markedRegions(testSources());
    assertFalse(blocks.isEmpty(), "no ```java block found in README.md");

    List<String> unmatched = new ArrayList<>();
    List<String> used = new ArrayList<>();
    for (String block : blocks) {
      String normalized = normalize(block);
      List<String> names =
          regions.entrySet().stream()
              .filter(region -> normalize(region.getValue()).equals(normalized))
              .map(Map.Entry::getKey)
              .toList();
      if (names.isEmpty()) {
        unmatched.add(block);
      }
      used.addAll(names);
    }
    assertTrue(
        unmatched.isEmpty(),
        "README.md has Java blocks that no test runs (copy each into a README:begin/end region of"
            + " ReadmeExamplesTest, or fix the difference):\n"
            + String.join("\n----\n", unmatched));

    List<String> unused = regions.keySet().stream().filter(name -> !used.contains(name)).toList();
    assertTrue(unused.isEmpty(), "marked regions that the README no longer shows: " + unused);
  }

  @Test
  void theExtractionFindsBlocksAndRegionsAndComparesUpToWhitespace() {
    String markdown = "text\n```java\nint a = 1;\n```\n```sh\nls\n```\n```java\nb();\n```\n";
    assertEquals(List.of("int a = 1;\n", "b();\n"), javaBlocks(markdown));

    String source =
        "class X {\n  void m() {\n    // README:begin one\n    int  a =\n  1;\n    // README:end\n"
            + "  }\n}\n";
    Map<String, String> regions = regionsOf(source, "X.java");
    assertEquals(List.of("one"), List.copyOf(regions.keySet()));
    assertEquals(normalize("int a = 1;"), normalize(regions.get("one")));
    assertFalse(normalize("int a = 2;").equals(normalize(regions.get("one"))));
  }

  /** Runs of whitespace become one space; leading and trailing whitespace goes. */
  static String normalize(String code) {
    return code.strip().replaceAll("\\s+", " ");
  }

  static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher matcher = JAVA_BLOCK.matcher(markdown);
    while (matcher.find()) {
      blocks.add(matcher.group(1));
    }
    return blocks;
  }

  /** Every marked region of the given files, by name; a name used twice fails. */
  private static Map<String, String> markedRegions(List<Path> files) {
    Map<String, String> regions = new LinkedHashMap<>();
    for (Path file : files) {
      regionsOf(read(file), file.toString())
          .forEach(
              (name, text) -> {
                if (regions.put(name, text) != null) {
                  throw new AssertionError("README region [" + name + "] is marked twice");
                }
              });
    }
    return regions;
  }

  static Map<String, String> regionsOf(String source, String fileName) {
    Map<String, String> regions = new LinkedHashMap<>();
    String name = null;
    StringBuilder text = new StringBuilder();
    for (String line : source.split("\n", -1)) {
      Matcher begin = BEGIN.matcher(line);
      if (begin.matches()) {
        if (name != null) {
          throw new AssertionError(fileName + ": region [" + name + "] has no README:end");
        }
        name = begin.group(1);
        text.setLength(0);
      } else if (END.matcher(line).matches()) {
        if (name == null) {
          throw new AssertionError(fileName + ": README:end without README:begin");
        }
        regions.put(name, text.toString());
        name = null;
      } else if (name != null) {
        text.append(line).append('\n');
      }
    }
    if (name != null) {
      throw new AssertionError(fileName + ": region [" + name + "] has no README:end");
    }
    return regions;
  }

  /** The repository's README.md, found from the module directory the tests run in. */
  private static Path readme() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("README.md");
      if (Files.isRegularFile(candidate) && Files.isRegularFile(dir.resolve("store-client/pom.xml"))) {
        return candidate;
      }
    }
    throw new AssertionError("README.md of the repository not found above " + Path.of("").toAbsolutePath());
  }

  private static List<Path> testSources() {
    Path root = readme().getParent().resolve("store-client/src/test/java");
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(file -> file.toString().endsWith(".java")).sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
