package io.github.vpcapi.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.vpcapi.emulator.EcsEmulator;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What JMH does not measure well: the upstream calls during a burst of 10,000 health
 * requests. (Startup and heap: {@code startup.FreshJvmStartupMain}.)
 */
public final class HarnessMain {

	private HarnessMain() {
	}

	public static void main(String[] args) throws Exception {
		healthBurst();
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

}
