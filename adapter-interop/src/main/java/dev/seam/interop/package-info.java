/**
 * Seam calls composed with Resilience4j ({@link dev.seam.interop.ResilientCalls}) and Guava futures
 * ({@link dev.seam.interop.ListenableFutures}).
 */
package dev.seam.interop;
