/**
 * Seam's API: {@link dev.seam.Seam}, a named, bounded lane that runs blocking calls against one
 * downstream and hands back {@link java.util.concurrent.CompletableFuture}s.
 *
 * <p>Every type here is thread-safe unless its javadoc says otherwise. Implementations live in
 * {@code dev.seam.internal}, which is not API.
 */
package dev.seam;
