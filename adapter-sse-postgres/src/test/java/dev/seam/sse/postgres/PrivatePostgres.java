package dev.seam.sse.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL server of this test's own (initdb into a temporary directory, a free
 * port), so a test may restart it: the machine's shared server serves other test runs and must not
 * be restarted under them. Needs the server binaries ({@code initdb}, {@code pg_ctl}: found through
 * SEAM_PG_BIN or under /usr/lib/postgresql/VERSION/bin); as root they run as the {@code postgres}
 * user. Without them the test is skipped, or fails under {@code -Dseam.postgres.required=true}.
 */
final class PrivatePostgres implements AutoCloseable {
  private static final long COMMAND_SECONDS = 60;

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;

  private PrivatePostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** Creates and starts a server, or skips the test (fails it when PostgreSQL is required). */
  static PrivatePostgres start() throws Exception {
    Path bin = findBin();
    if (bin == null) {
      String why =
          "no PostgreSQL server binaries (initdb, pg_ctl) found: set SEAM_PG_BIN or install"
              + " 'postgresql' (.ci/postgres.sh does)";
      if (PgServer.REQUIRED) {
        Assertions.fail(why + " (-Dseam.postgres.required=true)");
      }
      Assumptions.abort(why + "; restart test skipped");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("seam-pg-");
    PrivatePostgres pg = new PrivatePostgres(bin, dir, freePort(), root);
    try {
      if (root) {
        pg.run("chown", "-R", "postgres", dir.toString());
      }
      pg.pg("initdb", "-D", pg.data(), "-A", "trust", "-U", "seam", "--no-sync", "-E", "UTF8");
      pg.pgCtl("start");
      return pg;
    } catch (Exception | Error e) {
      pg.close();
      throw e;
    }
  }

  /** A pool on this server. */
  HikariDataSource pool(String name) {
    int size = 10;
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
    config.setUsername("seam");
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(2_000);
    config.setValidationTimeout(1_000);
    config.addDataSourceProperty("connectTimeout", "2");
    return new HikariDataSource(config);
  }

  /** Stops the server (fast shutdown: sessions are terminated, commits are on disk). */
  void stop() throws Exception {
    pgCtl("stop", "-m", "fast");
  }

  /** Starts it again on the same port and data, and waits until it is up. */
  void startAgain() throws Exception {
    pgCtl("start");
  }

  @Override
  public void close() throws Exception {
    try {
      if (Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
        pg("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private void pgCtl(String action, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("pg_ctl", "-D", data(), "-w", "-t", "30"));
    args.add("-l");
    args.add(dir.resolve("server.log").toString());
    args.add("-o");
    args.add(
        "-p "
            + port
            + " -k "
            + dir
            + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50");
    args.add(action);
    args.addAll(Arrays.asList(more));
    pg(args.toArray(String[]::new));
  }

  private void pg(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (asPostgresUser) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(args[0]).toString());
    cmd.addAll(Arrays.asList(args).subList(1, args.length));
    run(cmd.toArray(String[]::new));
  }

  private void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", cmd));
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          "exit "
              + p.exitValue()
              + ": "
              + String.join(" ", cmd)
              + "\n"
              + new String(out, StandardCharsets.UTF_8)
              + serverLog());
    }
  }

  private String serverLog() {
    try {
      Path log = dir.resolve("server.log");
      return Files.exists(log) ? "\nserver.log:\n" + Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static Path findBin() throws IOException {
    String configured = System.getenv("SEAM_PG_BIN");
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured);
      return Files.isExecutable(p.resolve("initdb")) ? p : null;
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(
              b ->
                  Files.isExecutable(b.resolve("initdb"))
                      && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(PrivatePostgres::version))
          .orElse(null);
    }
  }

  private static int version(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
