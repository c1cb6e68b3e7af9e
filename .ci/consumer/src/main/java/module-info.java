/** A consumer's module: compiling it proves the published module names and exports. */
module example.consumer {
  requires dev.seam.jdbc;
  requires dev.seam.sse;
  requires dev.seam.http; // with the JDK's client only: OkHttp and Apache are optional
  requires dev.seam.interop; // without Resilience4j or Guava: both are optional

  exports dev.seam.consumer;
}
