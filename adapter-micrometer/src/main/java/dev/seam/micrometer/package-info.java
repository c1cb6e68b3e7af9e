/**
 * Micrometer meters for seams: {@link dev.seam.micrometer.SeamMetrics} is the one entry point.
 *
 * @since 0.1
 */
package dev.seam.micrometer;
