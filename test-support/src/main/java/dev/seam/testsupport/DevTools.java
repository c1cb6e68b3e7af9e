package dev.seam.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a headless Chromium over the DevTools protocol with nothing but the JDK: the browser is
 * started with {@code --remote-debugging-port=0}, its page target is reached over a JDK {@link
 * WebSocket}, and commands are JSON messages matched to their answers by id. Enough for a test to
 * navigate, click at a real position, read the page and take a screenshot. One page; not
 * thread-safe beyond its own listener. Shared by the browser tests of every module.
 */
public final class DevTools implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Pattern PAGE_WS =
      Pattern.compile("\"type\":\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\":\\s*\"([^\"]+)\"");
  private static final Pattern ID = Pattern.compile("^\\{\"id\":(\\d+),");

  /** The system property that makes a missing Chromium fail a browser test rather than skip it. */
  public static final String BROWSER_REQUIRED = "seam.browser.required";

  private final Process browser;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

  private DevTools(Process browser, Path profile, WebSocket socket) {
    this.browser = browser;
    this.profile = profile;
    this.socket = socket;
  }

  /** The Chromium binary: {@code -Dseam.chromium}, else the first of the usual names on PATH. */
  public static Path findChromium() {
    String configured = System.getProperty("seam.chromium", "");
    if (!configured.isBlank()) {
      return Files.isExecutable(Path.of(configured)) ? Path.of(configured) : null;
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator, -1)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  /**
   * The Chromium binary a browser test needs. Without one the test is aborted (reported as skipped,
   * and recorded for the build's summary of skipped suites) with a line saying how to install it;
   * under {@code -Dseam.browser.required=true} (CI) a missing browser fails the test instead.
   *
   * @param suite the suite's name in the summary, such as {@code "Chromium SSE resume test"}
   */
  public static Path requireChromium(String suite) {
    Path chromium = findChromium();
    if (chromium == null) {
      String how =
          "Chromium not found: install Debian's chromium package (apt-get install -y chromium)"
              + " or point -Dseam.chromium at one";
      if (Boolean.getBoolean(BROWSER_REQUIRED)) {
        throw new AssertionError(
            how + "; -D" + BROWSER_REQUIRED + "=true makes this test mandatory");
      }
      OptionalSuite.skipped(suite, how + "; -D" + BROWSER_REQUIRED + "=true makes it mandatory");
      // Thrown directly (the launcher brings opentest4j): JUnit reports the test as aborted.
      throw new org.opentest4j.TestAbortedException(
          how + "; skipped (-D" + BROWSER_REQUIRED + "=true makes it mandatory)");
    }
    OptionalSuite.ran(suite);
    return chromium;
  }

  public static DevTools launch(Path chromium, int width, int height) throws Exception {
    Path profile = Files.createTempDirectory("seam-chromium-");
    Process browser =
        new ProcessBuilder(
                chromium.toString(),
                "--headless=new",
                "--no-sandbox", // CI runs as root, where Chromium refuses its sandbox
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "about:blank")
            .redirectErrorStream(true)
            .start();
    try {
      URI browserWs = awaitListening(browser);
      URI list = URI.create("http://" + browserWs.getAuthority() + "/json/list");
      HttpClient http = HttpClient.newHttpClient();
      String targets =
          http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m = PAGE_WS.matcher(targets);
      if (!m.find()) {
        throw new IllegalStateException("Chromium shows no page target: " + targets);
      }
      DevTools[] self = new DevTools[1];
      WebSocket ws =
          http.newWebSocketBuilder()
              .buildAsync(URI.create(m.group(1)), new Listener(self))
              .get(10, TimeUnit.SECONDS);
      self[0] = new DevTools(browser, profile, ws);
      return self[0];
    } catch (Exception e) {
      browser.destroyForcibly();
      throw e;
    }
  }

  private static URI awaitListening(Process browser) throws Exception {
    CompletableFuture<URI> found = new CompletableFuture<>();
    StringBuilder seen = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    found.complete(URI.create(m.group(1)));
                  } else if (!found.isDone()) {
                    seen.append(line).append('\n');
                  }
                }
              } catch (IOException e) {
                found.completeExceptionally(e);
              }
              found.completeExceptionally(new IllegalStateException("Chromium exited:\n" + seen));
            },
            "chromium-output");
    reader.setDaemon(true); // drains the browser's output for its whole life
    reader.start();
    return found.get(30, TimeUnit.SECONDS);
  }

  /** Sends a command and returns its raw JSON answer; fails on a protocol error. */
  public String send(String method, String paramsJson) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<String> answer = new CompletableFuture<>();
    pending.put(id, answer);
    String message =
        "{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
    socket.sendText(message, true).get(10, TimeUnit.SECONDS);
    String json = answer.get(30, TimeUnit.SECONDS);
    if (json.contains("\"error\":{")) {
      throw new IllegalStateException(method + " failed: " + json);
    }
    return json;
  }

  /** Evaluates a JavaScript expression in the page and returns its value as a string. */
  public String eval(String expression) throws Exception {
    String json =
        send(
            "Runtime.evaluate",
            "{\"expression\":"
                + quote("String(" + expression + ")")
                + ",\"returnByValue\":true,\"awaitPromise\":true}");
    Matcher m = Pattern.compile("\"value\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no value for " + expression + ": " + json);
    }
    return m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
  }

  public void navigate(URI uri) throws Exception {
    send("Page.enable", "{}");
    markOldDocument();
    send("Page.navigate", "{\"url\":" + quote(uri.toString()) + "}");
    awaitLoaded();
  }

  public void reload() throws Exception {
    markOldDocument();
    send("Page.reload", "{\"ignoreCache\":true}");
    awaitLoaded();
  }

  // Until the new document commits, the old one still reads "complete": mark it to tell them apart.
  private void markOldDocument() throws Exception {
    send("Runtime.evaluate", "{\"expression\":\"window.__seamOld = true\"}");
  }

  private void awaitLoaded() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (eval("document.readyState === 'complete' && !window.__seamOld").equals("true")) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(50); // polling a real browser: there is nothing to wait on
    }
    throw new IllegalStateException("page did not load within 15 s");
  }

  /** Clicks the middle of an element with real mouse events, as a visitor would. */
  public void click(String elementId) throws Exception {
    String rect =
        eval(
            "(() => { const r = document.getElementById("
                + quote(elementId)
                + ").getBoundingClientRect(); return (r.x + r.width / 2) + ',' + (r.y + r.height / 2); })()");
    String[] xy = rect.split(",", -1);
    for (String type : List.of("mousePressed", "mouseReleased")) {
      send(
          "Input.dispatchMouseEvent",
          "{\"type\":\""
              + type
              + "\",\"x\":"
              + xy[0]
              + ",\"y\":"
              + xy[1]
              + ",\"button\":\"left\",\"clickCount\":1}");
    }
  }

  public void screenshot(Path file) throws Exception {
    String json = send("Page.captureScreenshot", "{\"format\":\"png\"}");
    Matcher m = Pattern.compile("\"data\":\"([^\"]+)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no screenshot data");
    }
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(m.group(1)));
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  @Override
  public void close() throws Exception {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // The browser is killed next anyway.
    }
    // Chromium's helpers (network service, renderers) outlive the main process by a moment and
    // keep writing into the profile; wait for every one of them before deleting it.
    List<ProcessHandle> helpers = browser.descendants().toList();
    browser.destroy();
    if (!browser.waitFor(10, TimeUnit.SECONDS)) {
      browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (ProcessHandle helper : helpers) {
      helper.destroyForcibly();
      try {
        helper.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Gone already, or stuck: the profile is removed as far as it can be either way.
      }
    }
    deleteProfile(profile);
  }

  /**
   * Removes the temporary profile as far as it can: a file that vanishes while the tree is walked
   * (Chromium renames its state files into place) is not an error, and nothing here may fail the
   * test that used the browser.
   */
  static void deleteProfile(Path profile) {
    try {
      Files.walkFileTree(
          profile,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              file.toFile().delete();
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
              dir.toFile().delete();
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // Left in the temp directory; the test's result does not depend on it.
    }
  }

  private static final class Listener implements WebSocket.Listener {
    private final DevTools[] self;
    private final StringBuilder partial = new StringBuilder();

    Listener(DevTools[] self) {
      this.self = self;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        Matcher m = ID.matcher(message);
        if (m.find() && self[0] != null) {
          CompletableFuture<String> answer = self[0].pending.remove(Integer.parseInt(m.group(1)));
          if (answer != null) {
            answer.complete(message);
          }
        }
      }
      ws.request(1);
      return null;
    }
  }
}
