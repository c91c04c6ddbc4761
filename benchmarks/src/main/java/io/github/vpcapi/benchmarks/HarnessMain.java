package io.github.vpcapi.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.vpcapi.emulator.EcsEmulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What JMH does not measure well: the upstream calls during a burst of 10,000 health
 * requests, and the startup time and heap the starter adds to a minimal web application.
 */
public final class HarnessMain {

	private HarnessMain() {
	}

	public static void main(String[] args) throws Exception {
		healthBurst();
		startup(Integer.parseInt((args.length > 0) ? args[0] : "10"));
	}

	static void healthBurst() throws Exception {
		try (EcsEmulator emulator = Clients.emulator();
				ConfigurableApplicationContext context = Clients.starter(emulator, false)) {
			HealthIndicator indicator = context.getBean("aliyunEcsHealthIndicator", HealthIndicator.class);
			ExecutorService pool = Executors.newFixedThreadPool(16);
			List<Future<Health>> results = new ArrayList<>();
			long start = System.nanoTime();
			for (int i = 0; i < 10_000; i++) {
				results.add(pool.submit(() -> indicator.health()));
			}
			for (Future<Health> result : results) {
				result.get();
			}
			long millis = (System.nanoTime() - start) / 1_000_000;
			pool.shutdown();
			System.out.printf("health burst: 10000 health requests from 16 threads in %d ms -> %d upstream calls%n",
					millis, emulator.requestCount());
		}
	}

	static void startup(int runs) throws Exception {
		try (EcsEmulator emulator = Clients.emulator()) {
			String[] common = { "--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=warn",
					"--aliyun.ecs.region=cn-hangzhou", "--aliyun.ecs.credentials.access-key-id=" + Clients.KEY_ID,
					"--aliyun.ecs.credentials.access-key-secret=" + Clients.KEY_SECRET,
					"--aliyun.ecs.http.proxy=http://" + emulator.address() };
			// Warm the JVM with both variants before measuring either.
			for (int i = 0; i < 3; i++) {
				time(common, true).close();
				time(common, false).close();
			}
			long with = 0;
			long without = 0;
			for (int i = 0; i < runs; i++) {
				long start = System.nanoTime();
				time(common, false).close();
				without += System.nanoTime() - start;
				start = System.nanoTime();
				time(common, true).close();
				with += System.nanoTime() - start;
			}
			System.out.printf("startup: without starter %.1f ms, with starter %.1f ms, ratio %.3f (%d runs each)%n",
					without / 1e6 / runs, with / 1e6 / runs, (double) with / without, runs);
			long heapWithout = heapWhileRunning(common, false);
			long heapWith = heapWhileRunning(common, true);
			System.out.printf("heap after startup: without starter %.1f MiB, with starter %.1f MiB, added %.1f MiB%n",
					heapWithout / 1048576.0, heapWith / 1048576.0, (heapWith - heapWithout) / 1048576.0);
		}
	}

	private static ConfigurableApplicationContext time(String[] common, boolean withStarter) {
		List<String> args = new ArrayList<>(List.of(common));
		if (!withStarter) {
			args.add("--spring.autoconfigure.exclude="
					+ "io.github.vpcapi.autoconfigure.AliyunEcsAutoConfiguration,"
					+ "io.github.vpcapi.autoconfigure.health.AliyunEcsHealthContributorAutoConfiguration,"
					+ "io.github.vpcapi.autoconfigure.metrics.AliyunEcsObservationAutoConfiguration,"
					+ "io.github.vpcapi.autoconfigure.info.AliyunEcsInfoContributorAutoConfiguration");
		}
		return SpringApplication.run(MinimalWebApplication.class, args.toArray(String[]::new));
	}

	private static long heapWhileRunning(String[] common, boolean withStarter) throws Exception {
		try (ConfigurableApplicationContext context = time(common, withStarter)) {
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			for (int i = 0; i < 3; i++) {
				System.gc();
				Thread.sleep(200);
			}
			return memory.getHeapMemoryUsage().getUsed();
		}
	}

	@SpringBootApplication
	static class MinimalWebApplication {

	}

}
