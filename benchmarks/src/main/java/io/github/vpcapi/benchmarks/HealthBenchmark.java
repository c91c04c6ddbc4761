package io.github.vpcapi.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.vpcapi.emulator.EcsEmulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The cost of a health request with the default cache, to compare with an upstream call
 * ({@link CallBenchmark#starter()}), and the upstream calls it makes meanwhile.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HealthBenchmark {

	private EcsEmulator emulator;

	private ConfigurableApplicationContext context;

	private HealthIndicator indicator;

	@Setup(Level.Trial)
	public void setUp() {
		this.emulator = Clients.emulator();
		this.context = Clients.starter(this.emulator, false);
		this.indicator = this.context.getBean("aliyunEcsHealthIndicator", HealthIndicator.class);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		System.out.printf("%nemulator: %d upstream calls during the health benchmark%n", this.emulator.requestCount());
		this.context.close();
		this.emulator.close();
	}

	@Benchmark
	public Health cachedHealth() {
		return this.indicator.health();
	}

}
