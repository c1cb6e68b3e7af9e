package dev.seam.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link OverheadBenchmark} with four callers on two workers: how many calls per millisecond each
 * approach sustains when the workers rarely park, so the library's own work, not the handoff,
 * dominates.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(4)
public class OverheadThroughputBenchmark extends OverheadBenchmark {}
