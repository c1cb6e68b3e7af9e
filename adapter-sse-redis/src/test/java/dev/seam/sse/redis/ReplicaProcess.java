package dev.seam.sse.redis;

import dev.seam.sse.contract.FailoverContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Replica} in a JVM of its own, started from the test class path, so that a test can kill
 * it as a crash would (SIGKILL: no shutdown hook, no farewell, sockets reset by the kernel).
 */
final class ReplicaProcess implements FailoverContract.Remote {
  private final Process process;
  private final int port;

  private ReplicaProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a replica serving {@code stream} and waits until it listens. */
  static ReplicaProcess start(String name, String prefix, String stream) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder b =
        new ProcessBuilder(
            List.of(
                java,
                "-Xmx128m",
                "-Dlogback.configurationFile=failover-replica-logback.xml",
                "-cp",
                System.getProperty("java.class.path"),
                ReplicaProcess.class.getName(),
                name,
                prefix,
                stream));
    b.environment().put("SEAM_REDIS_URL", RedisServer.URL.toString());
    b.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = b.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine(); // "PORT <n>" once it listens, or null if it died
    if (line == null || !line.startsWith("PORT ")) {
      p.destroyForcibly();
      throw new IOException("replica " + name + " did not start: " + line);
    }
    return new ReplicaProcess(p, Integer.parseInt(line.substring(5).trim()));
  }

  @Override
  public URI uri(String stream) {
    return URI.create("http://127.0.0.1:" + port + "/events/" + stream);
  }

  /** Kills the process as a crash would, and waits until it is gone. */
  @Override
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Stops a replica still running the ordinary way (its stdin closes), or kills it after 10 s. */
  @Override
  public void close() throws InterruptedException {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // gone already
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      kill();
    }
  }

  /** The child: a replica until its stdin closes. */
  public static void main(String[] args) throws Exception {
    try (Replica r = new Replica(args[0], args[1], args[2])) {
      System.out.println("PORT " + r.uri(args[2]).getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // the parent holds stdin open while it wants this replica
      }
    }
  }
}
