package io.sharedstore.manager.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The metrics server over real HTTP: known paths answer GET and HEAD with their content type,
 * other methods 405, other paths 404, an endpoint whose store does not answer 503; and the
 * status page is the self-contained resource with the ids its scripts and tests use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutesTest {

  private StatusServer server;

  @BeforeAll
  void start() throws Exception {
    server = StatusServer.bind("127.0.0.1", 0);
    server.start(Map.of(
        "/", new StatusPageEndpoint(),
        "/text", fixed("text/plain; charset=utf-8", "hello"),
        "/busy", new Endpoint() {
          @Override
          public String contentType() {
            return "text/plain";
          }

          @Override
          public byte[] body() {
            throw new EndpointUnavailableException("the store did not answer info",
                new TimeoutException());
          }
        }));
  }

  @AfterAll
  void stop() {
    server.stop();
  }

  @Test
  void aKnownPathAnswersWithItsContentType() throws Exception {
    HttpResponse<String> text = Http.get(server.address(), "/text");
    assertEquals(200, text.statusCode());
    assertEquals("text/plain; charset=utf-8", text.headers().firstValue("Content-Type").get());
    assertEquals("hello", text.body());
  }

  @Test
  void theStatusPageIsOneSelfContainedHtmlPage() throws Exception {
    HttpResponse<String> page = Http.get(server.address(), "/");
    assertEquals(200, page.statusCode());
    assertEquals(StatusPageEndpoint.CONTENT_TYPE, page.headers().firstValue("Content-Type").get());
    String html = page.body();
    for (String id : new String[] {"keys", "keys-with-ttl", "memory", "clients-count",
        "ops-per-sec", "p99", "uptime", "epoch", "version", "clients-rows", "chart-ops",
        "chart-p99", "chart-keys"}) {
      assertTrue(html.contains("id=\"" + id + "\""), "no element " + id);
    }
    assertTrue(html.contains("/info.json"));
    // Nothing loaded from elsewhere: no script or style sheet by URL, no web font.
    assertTrue(!html.contains("src=") && !html.contains("href=") && !html.contains("@import")
        && !html.contains("@font-face") && !html.contains("url("), "an external reference");
  }

  @Test
  void headAnswersTheHeadersWithoutABody() throws Exception {
    HttpResponse<String> head = Http.send(server.address(), "/text", "HEAD");
    assertEquals(200, head.statusCode());
    assertEquals("text/plain; charset=utf-8", head.headers().firstValue("Content-Type").get());
    assertEquals("", head.body());
  }

  @Test
  void otherMethodsAreNotAllowed() throws Exception {
    for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
      HttpResponse<String> refused = Http.send(server.address(), "/text", method);
      assertEquals(405, refused.statusCode(), method);
      assertEquals("GET, HEAD", refused.headers().firstValue("Allow").get(), method);
    }
    assertEquals(405, Http.send(server.address(), "/", "POST").statusCode());
  }

  @Test
  void unknownPathsAreNotFound() throws Exception {
    for (String path : new String[] {"/nope", "/metrics/", "/text/more", "/status.html"}) {
      HttpResponse<String> missing = Http.get(server.address(), path);
      assertEquals(404, missing.statusCode(), path);
      assertEquals(Routes.TEXT, missing.headers().firstValue("Content-Type").get());
    }
    assertEquals(404, Http.send(server.address(), "/nope", "POST").statusCode());
  }

  @Test
  void anEndpointWhoseStoreDoesNotAnswerIsUnavailable() throws Exception {
    HttpResponse<String> busy = Http.get(server.address(), "/busy");
    assertEquals(503, busy.statusCode());
    assertEquals("the store did not answer info\n", busy.body());
  }

  private static Endpoint fixed(String contentType, String body) {
    return new Endpoint() {
      @Override
      public String contentType() {
        return contentType;
      }

      @Override
      public byte[] body() {
        return body.getBytes(StandardCharsets.UTF_8);
      }
    };
  }
}
