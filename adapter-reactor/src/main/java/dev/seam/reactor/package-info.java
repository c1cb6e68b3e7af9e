/**
 * Reactor shells over seams: {@link dev.seam.reactor.SeamReactor}.
 *
 * @since 0.1
 */
package dev.seam.reactor;
