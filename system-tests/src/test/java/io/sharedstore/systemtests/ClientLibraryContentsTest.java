package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.testsupport.ProjectLayout;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What an application gets when it depends on {@code io.sharedstore:store-client}: the client
 * library only — no demo classes, no program with a {@code main}, no logging binding or
 * configuration (Logback is only ever a test dependency of the two library modules).
 */
class ClientLibraryContentsTest {

  private static final Path ROOT = ProjectLayout.locate().root();

  @Test
  void theClientJarHoldsNoDemoNoMainAndNoLoggingConfiguration() throws Exception {
    List<String> classes = new ArrayList<>();
    try (JarFile jar = new JarFile(libraryJar("store-client").toFile())) {
      for (JarEntry entry : jar.stream().toList()) {
        String name = entry.getName();
        assertFalse(name.startsWith("io/sharedstore/cluster/demo/"), "a demo class: " + name);
        assertFalse(name.startsWith("logback"), "a logging configuration: " + name);
        if (name.endsWith(".class")) {
          classes.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
    assertTrue(classes.contains("io.sharedstore.cluster.StoreClient"), "not the client jar");
    ClassLoader loader = getClass().getClassLoader();
    for (String name : classes) {
      for (Method method : Class.forName(name, false, loader).getDeclaredMethods()) {
        boolean isMain =
            method.getName().equals("main")
                && Modifier.isStatic(method.getModifiers())
                && method.getParameterCount() == 1
                && method.getParameterTypes()[0] == String[].class;
        assertFalse(isMain, name + " has a main method");
      }
    }
  }

  @Test
  void theLibrariesDependOnLoggingOnlyForTheirTests() throws Exception {
    for (String module : List.of("store-actor", "store-client")) {
      NodeList dependencies =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(ROOT.resolve(module).resolve("pom.xml").toFile())
              .getElementsByTagName("dependency");
      for (int i = 0; i < dependencies.getLength(); i++) {
        Element dependency = (Element) dependencies.item(i);
        String artifact = text(dependency, "artifactId");
        if (artifact.startsWith("logback") || artifact.equals("node-logging")) {
          assertEquals("test", text(dependency, "scope"), module + " depends on " + artifact);
        }
      }
    }
  }

  private static Path libraryJar(String module) throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve(module).resolve("target"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith(module + "-") && name.endsWith(".jar"))
          .filter(name -> !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar"))
          .map(name -> ROOT.resolve(module).resolve("target").resolve(name))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + module + " jar: build first"));
    }
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
  }
}
