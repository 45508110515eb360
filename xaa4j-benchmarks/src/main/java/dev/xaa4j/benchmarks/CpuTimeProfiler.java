package dev.xaa4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof dev.xaa4j.benchmarks.CpuTimeProfiler}) that reports CPU time per benchmark call, in
 * microseconds: unlike wall-clock time it does not count the time slices other processes take on a shared machine.
 * <ul>
 *   <li>{@code ·cpu}: the CPU time of the JMH worker threads (the benchmark code only: no JIT compiler, no GC
 *       threads);</li>
 *   <li>{@code ·cpu.process}: the CPU time of the whole benchmark JVM (garbage collection and compilation included).</li>
 * </ul>
 * JMH creates one instance per fork and calls it from one thread.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private static final String WORKER = "jmh-worker";

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long processStart;
    private Map<Long, Long> workersStart = Map.of();

    @Override
    public String getDescription() {
        return "CPU time per call in microseconds: benchmark threads (cpu) and whole JVM (cpu.process)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        workersStart = workerCpu();
        processStart = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long process = os.getProcessCpuTime() - processStart;
        long workers = 0;
        for (Map.Entry<Long, Long> e : workerCpu().entrySet()) {
            workers += e.getValue() - workersStart.getOrDefault(e.getKey(), 0L);
        }
        double calls = (double) Math.max(1, result.getMetadata().getMeasuredOps()) * Math.max(1, iterationParams.getBatchSize());
        return List.of(
                new ScalarResult("cpu", workers / 1000.0 / calls, "us/call", AggregationPolicy.AVG),
                new ScalarResult("cpu.process", process / 1000.0 / calls, "us/call", AggregationPolicy.AVG));
    }

    private Map<Long, Long> workerCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(WORKER)) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }
}
