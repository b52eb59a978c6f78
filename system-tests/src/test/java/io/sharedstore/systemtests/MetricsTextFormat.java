package io.sharedstore.systemtests;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict check of Prometheus's text exposition format 0.0.4, and the samples it holds: every
 * line is a {@code # HELP}, a {@code # TYPE} or a sample {@code name{labels} value [timestamp]}
 * (no other comment, no blank line inside); names and label names are valid, label values
 * correctly escaped and no label repeated; each family has one TYPE, before its samples, and its
 * lines form one group; no series appears twice; a histogram's buckets rise with {@code le},
 * their counts never fall, and its {@code +Inf} bucket equals its {@code _count}, with a {@code
 * _sum} beside.
 */
final class MetricsTextFormat {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern HELP = Pattern.compile("# HELP (\\S+) (.*)");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (\\S+) (counter|gauge|histogram|summary|untyped)");
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?|Inf|NaN)");
  private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");

  /** One sample: its metric name, labels (in order) and value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private MetricsTextFormat() {}

  /**
   * Checks {@code text} and answers its samples.
   *
   * @throws AssertionError naming the first line that breaks a rule
   */
  static List<Sample> parse(String text) {
    if (!text.endsWith("\n")) {
      throw new AssertionError("the text does not end with a newline");
    }
    Map<String, String> types = new HashMap<>();
    Set<String> helped = new HashSet<>();
    Set<String> closedFamilies = new HashSet<>();
    Set<String> series = new HashSet<>();
    Set<String> sampled = new HashSet<>();
    List<Sample> samples = new ArrayList<>();
    String currentFamily = null;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      String where = "line " + (i + 1) + " [" + line + "]: ";
      String family;
      if (line.startsWith("#")) {
        Matcher help = HELP.matcher(line);
        Matcher type = TYPE.matcher(line);
        if (help.matches()) {
          family = help.group(1);
          requireName(family, where);
          checkHelpEscapes(help.group(2), where);
          if (!helped.add(family)) {
            throw new AssertionError(where + "a second HELP for " + family);
          }
        } else if (type.matches()) {
          family = type.group(1);
          requireName(family, where);
          if (types.put(family, type.group(2)) != null) {
            throw new AssertionError(where + "a second TYPE for " + family);
          }
          if (sampled.contains(family)) {
            throw new AssertionError(where + "TYPE after samples of " + family);
          }
        } else {
          throw new AssertionError(where + "neither a HELP nor a TYPE line");
        }
      } else {
        Sample sample = sample(line, where);
        samples.add(sample);
        family = familyOf(sample.name(), types);
        sampled.add(family);
        if (!types.containsKey(family)) {
          throw new AssertionError(where + "a sample before (or without) the TYPE of its family");
        }
        if (!series.add(sample.name() + new TreeMap<>(sample.labels()))) {
          throw new AssertionError(where + "the same series twice");
        }
      }
      if (!family.equals(currentFamily)) {
        if (closedFamilies.contains(family)) {
          throw new AssertionError(where + "the lines of " + family + " are not one group");
        }
        if (currentFamily != null) {
          closedFamilies.add(currentFamily);
        }
        currentFamily = family;
      }
    }
    checkHistograms(samples, types);
    return samples;
  }

  /** The value of the one sample {@code name} with exactly {@code labels}; 0 if there is none. */
  static double value(List<Sample> samples, String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().equals(labels))
        .mapToDouble(Sample::value)
        .findFirst()
        .orElse(0);
  }

  /** The family a sample name belongs to: a histogram's or summary's suffixes stripped. */
  private static String familyOf(String name, Map<String, String> types) {
    for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        String type = types.get(base);
        if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
          return base;
        }
      }
    }
    return name;
  }

  private static Sample sample(String line, String where) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    requireName(name, where);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i = labels(line, i + 1, labels, where);
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw new AssertionError(where + "no single space before the value");
    }
    String[] rest = line.substring(i + 1).split(" ", -1);
    if (rest.length < 1 || rest.length > 2 || !FLOAT.matcher(rest[0]).matches()) {
      throw new AssertionError(where + "not [value] or [value timestamp]");
    }
    if (rest.length == 2 && !TIMESTAMP.matcher(rest[1]).matches()) {
      throw new AssertionError(where + "a bad timestamp");
    }
    return new Sample(name, labels, parseFloat(rest[0]));
  }

  /** Reads {@code name="value",...}} from {@code i}; answers the index after the brace. */
  private static int labels(String line, int i, Map<String, String> labels, String where) {
    while (true) {
      if (i < line.length() && line.charAt(i) == '}') {
        return i + 1;
      }
      int eq = line.indexOf('=', i);
      if (eq < 0) {
        throw new AssertionError(where + "a label without '='");
      }
      String labelName = line.substring(i, eq);
      if (!LABEL_NAME.matcher(labelName).matches() || labelName.startsWith("__")) {
        throw new AssertionError(where + "a bad label name [" + labelName + "]");
      }
      if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
        throw new AssertionError(where + "a label value not quoted");
      }
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      while (true) {
        if (j >= line.length()) {
          throw new AssertionError(where + "an unterminated label value");
        }
        char c = line.charAt(j);
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          char next = j + 1 < line.length() ? line.charAt(j + 1) : ' ';
          switch (next) {
            case '\\' -> value.append('\\');
            case '"' -> value.append('"');
            case 'n' -> value.append('\n');
            default -> throw new AssertionError(where + "a bad escape in a label value");
          }
          j += 2;
        } else {
          value.append(c);
          j++;
        }
      }
      if (labels.put(labelName, value.toString()) != null) {
        throw new AssertionError(where + "label " + labelName + " twice");
      }
      i = j + 1;
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      } else if (i >= line.length() || line.charAt(i) != '}') {
        throw new AssertionError(where + "labels not separated by ','");
      }
    }
  }

  private static void checkHistograms(List<Sample> samples, Map<String, String> types) {
    for (Map.Entry<String, String> type : types.entrySet()) {
      if (!type.getValue().equals("histogram")) {
        continue;
      }
      String name = type.getKey();
      Map<Map<String, String>, List<Sample>> bucketsBySeries = new LinkedHashMap<>();
      for (Sample s : samples) {
        if (s.name().equals(name + "_bucket")) {
          Map<String, String> rest = new TreeMap<>(s.labels());
          if (rest.remove("le") == null) {
            throw new AssertionError(name + ": a bucket without le " + s);
          }
          bucketsBySeries.computeIfAbsent(rest, k -> new ArrayList<>()).add(s);
        }
      }
      for (Map.Entry<Map<String, String>, List<Sample>> e : bucketsBySeries.entrySet()) {
        double lastLe = Double.NEGATIVE_INFINITY;
        double lastCount = 0;
        for (Sample bucket : e.getValue()) {
          double le = parseFloat(bucket.labels().get("le"));
          if (!(le > lastLe) || bucket.value() < lastCount) {
            throw new AssertionError(name + e.getKey() + ": buckets not rising at " + bucket);
          }
          lastLe = le;
          lastCount = bucket.value();
        }
        if (lastLe != Double.POSITIVE_INFINITY) {
          throw new AssertionError(name + e.getKey() + ": no +Inf bucket");
        }
        samples.stream().filter(s -> s.name().equals(name + "_count")
                && new TreeMap<>(s.labels()).equals(e.getKey()))
            .findFirst()
            .ifPresentOrElse(count -> {
              if (count.value() != e.getValue().get(e.getValue().size() - 1).value()) {
                throw new AssertionError(name + e.getKey() + ": +Inf bucket != _count");
              }
            }, () -> {
              throw new AssertionError(name + e.getKey() + ": no _count");
            });
        if (samples.stream().noneMatch(s -> s.name().equals(name + "_sum")
            && new TreeMap<>(s.labels()).equals(e.getKey()))) {
          throw new AssertionError(name + e.getKey() + ": no _sum");
        }
      }
    }
  }

  private static void requireName(String name, String where) {
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new AssertionError(where + "a bad metric name [" + name + "]");
    }
  }

  private static void checkHelpEscapes(String help, String where) {
    for (int i = 0; i < help.length(); i++) {
      if (help.charAt(i) == '\\') {
        char next = i + 1 < help.length() ? help.charAt(i + 1) : ' ';
        if (next != '\\' && next != 'n') {
          throw new AssertionError(where + "a bad escape in HELP");
        }
        i++;
      }
    }
  }

  private static double parseFloat(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }
}
