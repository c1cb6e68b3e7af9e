package dev.seam.http.internal;

import dev.seam.CallContext;
import dev.seam.http.BodyTooLargeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeUnit;

/** Small pieces every adapter needs: timeouts from the deadline, targets for messages. */
public final class Exchanges {
  private Exchanges() {}

  /**
   * The call's remaining time in whole milliseconds, at least 1: clients read 0 as "no timeout".
   *
   * @param call the running call
   * @return milliseconds left, rounded up, at least 1
   */
  public static int remainingMillis(CallContext call) {
    long nanos = call.remainingNanos();
    long millis = nanos <= 0 ? 1 : TimeUnit.NANOSECONDS.toMillis(nanos + 999_999);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
  }

  /**
   * The call's remaining time in nanoseconds, at least 1.
   *
   * @param call the running call
   * @return nanoseconds left, at least 1
   */
  public static long remainingNanos(CallContext call) {
    return Math.max(1, call.remainingNanos());
  }

  /**
   * A request target for error messages: scheme, host, port and path, without the query string or
   * user info, which may carry secrets. The port is the effective one (80 or 443 when the URI has
   * none), so that a message always says which socket was meant.
   *
   * @param uri the target
   * @return the printable target
   */
  public static String describe(URI uri) {
    if (uri == null) {
      return "?";
    }
    return callName(null, uri);
  }

  /**
   * A call's description: the method and the target as in {@link #describe(URI)}, such as {@code
   * GET http://api:8080/orders/42}. It is built once per call, at submission, and only printed if
   * the call fails; the query string and user info never appear in it.
   *
   * @param method the request method, or null where it is not known at submission
   * @param scheme the scheme, or null
   * @param host the host (IPv6 literals with or without brackets), or null
   * @param port the port, or -1 for the scheme's default
   * @param rawPath the path as sent (still percent-encoded), or null
   * @return {@code METHOD scheme://host:port/path}, or the target alone without a method
   */
  public static String callName(
      String method, String scheme, String host, int port, String rawPath) {
    // One concatenation, so that the JDK sizes the result once: the only garbage a successful call
    // makes for its name is the name itself.
    String m = method == null ? "" : method;
    String space = method == null ? "" : " ";
    String s = scheme == null ? "" : scheme;
    String slashes = scheme == null ? "" : "://";
    String p = rawPath == null ? "" : rawPath;
    if (host == null) {
      return m + space + s + slashes + p;
    }
    boolean bareIpv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
    String open = bareIpv6 ? "[" : "";
    String close = bareIpv6 ? "]" : "";
    int effective = port >= 0 ? port : defaultPort(scheme);
    return effective < 0
        ? m + space + s + slashes + open + host + close + p
        : m + space + s + slashes + open + host + close + ":" + effective + p;
  }

  /**
   * {@link #callName(String, String, String, int, String)} for a URI.
   *
   * @param method the request method, or null where it is not known at submission
   * @param uri the target
   * @return the description
   */
  public static String callName(String method, URI uri) {
    String host = uri.getHost();
    String authority = uri.getRawAuthority();
    if (host == null && authority != null) {
      // A host URI cannot parse (my_service:8080: underscores are not allowed in host names, yet
      // Docker and Apache HttpClient accept them): the authority as written, minus the user info.
      String m = method == null ? "" : method;
      String space = method == null ? "" : " ";
      String s = uri.getScheme() == null ? "" : uri.getScheme();
      String slashes = uri.getScheme() == null ? "" : "://";
      String p = uri.getRawPath() == null ? "" : uri.getRawPath();
      return m + space + s + slashes + authority.substring(authority.lastIndexOf('@') + 1) + p;
    }
    return callName(method, uri.getScheme(), host, uri.getPort(), uri.getRawPath());
  }

  private static int defaultPort(String scheme) {
    if ("http".equalsIgnoreCase(scheme)) {
      return 80;
    }
    return "https".equalsIgnoreCase(scheme) ? 443 : -1;
  }

  /**
   * Fails before reading when the declared body length is over the limit.
   *
   * @param declaredLength the {@code Content-Length}, or -1 if unknown
   * @param limit the limit, or -1 for none
   * @throws BodyTooLargeException if the declared length is over the limit
   */
  public static void checkDeclaredLength(long declaredLength, long limit)
      throws BodyTooLargeException {
    if (limit >= 0 && declaredLength > limit) {
      throw new BodyTooLargeException(limit, declaredLength, true);
    }
  }

  /**
   * A connect failure that names what it could not reach. HttpURLConnection says only "Connection
   * refused" and java.net.http says nothing at all (a {@code ConnectException} with no message, or
   * one caused by {@code UnresolvedAddressException} for a name that does not resolve), which
   * leaves an operator guessing which of several downstreams is down.
   *
   * @param e the client's exception
   * @param uri the target
   * @return {@code e} itself if it already names the host (and port) or is no connect failure;
   *     otherwise a {@code ConnectException} naming host and port, or an {@code
   *     UnknownHostException} naming the host, with {@code e} as its cause
   */
  public static IOException namingTarget(IOException e, URI uri) {
    if (uri == null || uri.getHost() == null) {
      return e;
    }
    String host = uri.getHost();
    String original = e.getMessage();
    if (e instanceof UnknownHostException || unresolved(e)) {
      if (e instanceof UnknownHostException && original != null && original.contains(host)) {
        return e;
      }
      UnknownHostException named = new UnknownHostException(host + ": name does not resolve");
      named.initCause(e);
      return named;
    }
    if (e instanceof ConnectException) {
      int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      String target = host + ":" + port;
      if (original != null && original.contains(target)) {
        return e;
      }
      ConnectException named =
          new ConnectException(
              original == null ? "could not connect to " + target : original + " (" + target + ")");
      named.initCause(e);
      return named;
    }
    return e;
  }

  private static boolean unresolved(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }
}
