package dev.seam.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link OverheadBenchmark} with one caller: how long one call's round trip takes, and how many
 * bytes it allocates, when the workers park between calls (every call pays a wake-up).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class OverheadLatencyBenchmark extends OverheadBenchmark {}
