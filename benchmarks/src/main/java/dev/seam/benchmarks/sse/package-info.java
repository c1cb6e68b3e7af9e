/** A load run of SSE broadcast across replicas: Redis Streams next to the in-memory log. */
package dev.seam.benchmarks.sse;
