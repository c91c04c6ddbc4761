package io.github.vpcapi.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.aliyuncs.IAcsClient;
import io.github.vpcapi.benchmarks.Clients.Call;
import io.github.vpcapi.emulator.EcsEmulator;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Per-call cost of the three clients of {@link CallBenchmark}, measured as the CPU time and
 * the bytes allocated by the calling thread, not as wall-clock time.
 * <p>
 * Every call is synchronous: signing, TLS, the HTTP exchange, parsing and (with metrics)
 * the observation all run on the caller's thread, while the emulator answers on its own
 * threads. The caller's CPU time is therefore the client's cost alone, and unlike the
 * wall-clock time that JMH reports it does not take in the emulator's work or the time the
 * caller waits for a core: on a 2-core machine shared with the emulator, that is what made
 * the JMH figures spread by ±30–80 %. The clients are measured in interleaved rounds, in an
 * order that rotates every round, so that drift (JIT, heap growth, the machine's load)
 * falls on all three alike; the figures are the medians over rounds, and the ratio's
 * interval is a bootstrap over rounds.
 * <p>
 * Arguments: rounds (default 100), calls per client per round (default 200), warm-up calls
 * per client (default 10,000).
 */
public final class PerCallCostMain {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private PerCallCostMain() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 100;
		int calls = (args.length > 1) ? Integer.parseInt(args[1]) : 200;
		int warmup = (args.length > 2) ? Integer.parseInt(args[2]) : 10_000;
		String[] names = Clients.NAMES;
		try (EcsEmulator emulator = Clients.emulator();
				ConfigurableApplicationContext starter = Clients.starter(emulator, false);
				ConfigurableApplicationContext starterWithMetrics = Clients.starter(emulator, true)) {
			IAcsClient bare = Clients.bare(emulator);
			Call[] clients = Clients.compared(bare, starter, starterWithMetrics);
			for (int done = 0; done < warmup; done += 1000) {
				for (Call client : clients) {
					measure(client, 1000);
				}
			}
			long requestsBefore = emulator.requestCount();
			double[][] cpu = new double[clients.length][rounds];
			double[][] allocated = new double[clients.length][rounds];
			for (int round = 0; round < rounds; round++) {
				for (int k = 0; k < clients.length; k++) {
					int client = (round + k) % clients.length;
					long[] cost = measure(clients[client], calls);
					cpu[client][round] = (double) cost[0] / calls;
					allocated[client][round] = (double) cost[1] / calls;
				}
			}
			long requests = emulator.requestCount() - requestsBefore;
			bare.shutdown();
			System.out.printf("per-call cost: %d rounds x %d calls per client after %d warm-up calls each; "
					+ "%d calls answered by the emulator%n", rounds, calls, warmup, requests);
			System.out.printf("%-20s %16s %20s%n", "client", "CPU us/call", "allocated KiB/call");
			for (int client = 0; client < clients.length; client++) {
				System.out.printf("%-20s %16.1f %20.1f%n", names[client], median(cpu[client]) / 1e3,
						median(allocated[client]) / 1024);
			}
			for (int client = 1; client < clients.length; client++) {
				double[] ratios = ratios(cpu[client], cpu[0]);
				double[] interval = bootstrapMedianInterval(ratios);
				System.out.printf("%s / bareSdk CPU per call: median ratio %.3f (95%% interval %.3f-%.3f); "
						+ "allocation ratio %.3f%n", names[client], median(ratios), interval[0], interval[1],
						median(allocated[client]) / median(allocated[0]));
			}
		}
	}

	/** Returns the calling thread's CPU nanoseconds and allocated bytes over the calls. */
	private static long[] measure(Call call, int calls) throws Exception {
		long thread = Thread.currentThread().getId();
		long cpuStart = THREADS.getCurrentThreadCpuTime();
		long allocatedStart = THREADS.getThreadAllocatedBytes(thread);
		Clients.run(call, calls);
		long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
		long allocated = THREADS.getThreadAllocatedBytes(thread) - allocatedStart;
		return new long[] { cpu, allocated };
	}

	private static double[] ratios(double[] values, double[] baseline) {
		double[] ratios = new double[values.length];
		for (int i = 0; i < values.length; i++) {
			ratios[i] = values[i] / baseline[i];
		}
		return ratios;
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static double[] bootstrapMedianInterval(double[] values) {
		Random random = new Random(42);
		List<Double> medians = new ArrayList<>();
		double[] sample = new double[values.length];
		for (int i = 0; i < 2000; i++) {
			for (int j = 0; j < sample.length; j++) {
				sample[j] = values[random.nextInt(values.length)];
			}
			medians.add(median(sample));
		}
		medians.sort(null);
		return new double[] { medians.get(50), medians.get(1949) };
	}

}
