package dev.seam.benchmarks.sse;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code GET /stats}: the server's live platform threads (and how many are Seam SSE writers), its
 * resident set size, its process CPU time, and its live heap after two full collections (none with
 * {@code ?nogc}), as {@code key=value} lines.
 */
final class ServerStats extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    long cpuNanos =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    if (req.getParameter("nogc") == null) {
      System.gc();
      System.gc();
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    // Names only (stack depth 0): Thread.getAllStackTraces() stops the world to walk every
    // stack, 160-220 ms with 2,100 platform threads, and this request starts the measured window.
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long writers =
        Arrays.stream(mx.getThreadInfo(mx.getAllThreadIds(), 0))
            .filter(t -> t != null && t.getThreadName().contains("-writer-"))
            .count();
    String body =
        "threads="
            + mx.getThreadCount()
            + "\nwriters="
            + writers
            + "\nrss_kb="
            + rssKb()
            + "\nheap_kb="
            + heap / 1024
            + "\ncpu_ms="
            + cpuNanos / 1_000_000
            + "\n";
    resp.setContentType("text/plain");
    resp.getOutputStream().write(body.getBytes(StandardCharsets.US_ASCII));
  }

  static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
