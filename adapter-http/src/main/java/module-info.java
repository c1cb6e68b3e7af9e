/**
 * Seam HTTP: blocking HTTP clients ({@code HttpURLConnection}, {@code java.net.http.HttpClient},
 * Apache HttpClient 5 classic, OkHttp) on seams, keeping each client's own request and response
 * types. Every client library is optional: only the adapter for a client present at run time may be
 * used.
 *
 * <p>{@code dev.seam.http.internal} is not API.
 */
// The clients' types are this module's API (each adapter keeps its client's own request and
// response types), but they are required statically and not transitively: a user of one client
// pulls none of the others, and a transitive static requirement would make every modular user of
// seam-http need all of them to compile. Whoever uses an adapter reads its client's module anyway.
@SuppressWarnings("requires-transitive-automatic")
module dev.seam.http {
  requires transitive dev.seam;
  requires transitive java.net.http;
  requires static okhttp3;
  requires static okio;
  requires static kotlin.stdlib;
  requires static org.apache.httpcomponents.client5.httpclient5;
  requires static org.apache.httpcomponents.core5.httpcore5;
  requires static io.opentelemetry.api;
  requires static io.opentelemetry.context;

  exports dev.seam.http;
}
