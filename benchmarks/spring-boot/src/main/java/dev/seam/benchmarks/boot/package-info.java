/**
 * Runnable measurements of the Spring Boot starter on a real Boot 4 application (not JMH: real
 * servers, real sockets): {@link dev.seam.benchmarks.boot.BootShutdownBenchmark} and {@link
 * dev.seam.benchmarks.boot.BootDisconnectBenchmark}. Run them with {@code benchmarks/boot.sh}.
 */
package dev.seam.benchmarks.boot;
