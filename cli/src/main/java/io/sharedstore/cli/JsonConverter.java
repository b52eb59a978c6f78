package io.sharedstore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A value on the command line: one JSON value ({@code '"text"'}, {@code 42}, {@code '{"a":1}'}). */
final class JsonConverter implements ITypeConverter<JsonNode> {

  @Override
  public JsonNode convert(String text) {
    try {
      JsonNode value = Output.parse(text);
      if (value == null || value.isMissingNode()) {
        throw new TypeConversionException("no JSON value in [" + text + "]");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new TypeConversionException(
          "not JSON: [" + text + "] (" + e.getOriginalMessage()
              + "); a string needs quotes, e.g. '\"hello\"'");
    }
  }
}
