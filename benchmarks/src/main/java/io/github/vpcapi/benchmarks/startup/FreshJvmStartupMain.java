package io.github.vpcapi.benchmarks.startup;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The time and heap the starter adds to a minimal web application's startup, each start in
 * a new JVM (so class loading and JIT are paid as in production), alternating with and
 * without the starter. Reports medians: Spring's own startup time (to ready), the JVM's
 * uptime at ready, the heap after startup (after GC) and the loaded classes.
 * <p>
 * Argument: starts of each variant (default 20), after one discarded start of each.
 */
public final class FreshJvmStartupMain {

	private FreshJvmStartupMain() {
	}

	public static void main(String[] args) throws Exception {
		int runs = (args.length > 0) ? Integer.parseInt(args[0]) : 20;
		start("with");
		start("without");
		Map<String, long[][]> figures = new HashMap<>();
		figures.put("with", new long[4][runs]);
		figures.put("without", new long[4][runs]);
		for (int run = 0; run < runs; run++) {
			// Alternate which goes first, so that neither always follows the other.
			String[] order = (run % 2 == 0) ? new String[] { "with", "without" } : new String[] { "without", "with" };
			for (String variant : order) {
				long[] values = start(variant);
				for (int k = 0; k < 4; k++) {
					figures.get(variant)[k][run] = values[k];
				}
			}
		}
		String[] names = { "ready (ms, Spring)", "uptime at ready (ms)", "heap after GC (MiB)", "loaded classes" };
		double[] scale = { 1, 1, 1048576.0, 1 };
		System.out.printf("fresh-JVM startup, %d starts of each (medians)%n", runs);
		System.out.printf("%-22s %14s %14s %10s%n", "", "without", "with", "ratio");
		for (int k = 0; k < 4; k++) {
			double without = median(figures.get("without")[k]) / scale[k];
			double with = median(figures.get("with")[k]) / scale[k];
			System.out.printf("%-22s %14.1f %14.1f %10.3f  (+%.1f)%n", names[k], without, with, with / without,
					with - without);
		}
	}

	private static long[] start(String variant) throws Exception {
		String java = ProcessHandle.current().info().command().orElse("java");
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				MinimalWebApplication.class.getName(), variant)
			.redirectErrorStream(true)
			.start();
		String figures = null;
		StringBuilder output = new StringBuilder();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				output.append(line).append('\n');
				if (line.startsWith("startup ")) {
					figures = line;
				}
			}
		}
		if (process.waitFor() != 0 || figures == null) {
			throw new IllegalStateException("The " + variant + " start failed:\n" + output);
		}
		long[] values = new long[4];
		String[] keys = { "ready-ms=", "uptime-ms=", "heap-bytes=", "classes=" };
		for (String field : figures.split(" ")) {
			for (int k = 0; k < keys.length; k++) {
				if (field.startsWith(keys[k])) {
					values[k] = Long.parseLong(field.substring(keys[k].length()));
				}
			}
		}
		return values;
	}

	private static double median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
	}

}
