package io.github.vpcapi.benchmarks;

import java.util.concurrent.TimeUnit;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsResponse;
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

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Per-call cost of a {@code DescribeRegions} over HTTPS to the VPC host name, through the
 * emulator: the bare SDK as the source document uses it, the starter's client, and the
 * starter's client with metrics. Run with {@code -t 1}, {@code -t 4}, {@code -t 16}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class CallBenchmark {

	private EcsEmulator emulator;

	private IAcsClient bare;

	private ConfigurableApplicationContext starter;

	private ConfigurableApplicationContext starterWithMetrics;

	private IAcsClient starterClient;

	private IAcsClient starterWithMetricsClient;

	private long requestsAtStart;

	private long connectionsAtStart;

	@Setup(Level.Trial)
	public void setUp() {
		this.emulator = Clients.emulator();
		this.bare = Clients.bare(this.emulator);
		this.starter = Clients.starter(this.emulator, false);
		this.starterWithMetrics = Clients.starter(this.emulator, true);
		this.starterClient = this.starter.getBean(IAcsClient.class);
		this.starterWithMetricsClient = this.starterWithMetrics.getBean(IAcsClient.class);
		this.requestsAtStart = this.emulator.requestCount();
		this.connectionsAtStart = this.emulator.acceptedConnections();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		long requests = this.emulator.requestCount() - this.requestsAtStart;
		long connections = this.emulator.acceptedConnections() - this.connectionsAtStart;
		System.out.printf("%nemulator: %d requests over %d new connections (%.5f new connections per call)%n",
				requests, connections, (requests > 0) ? (double) connections / requests : 0.0);
		this.starter.close();
		this.starterWithMetrics.close();
		this.bare.shutdown();
		this.emulator.close();
	}

	@Benchmark
	public DescribeRegionsResponse bareSdk() throws Exception {
		DescribeRegionsRequest request = new DescribeRegionsRequest();
		request.setSysEndpoint("ecs-vpc.cn-hangzhou.aliyuncs.com");
		return this.bare.getAcsResponse(request);
	}

	@Benchmark
	public DescribeRegionsResponse starter() throws Exception {
		return this.starterClient.getAcsResponse(new DescribeRegionsRequest());
	}

	@Benchmark
	public DescribeRegionsResponse starterWithMetrics() throws Exception {
		return this.starterWithMetricsClient.getAcsResponse(new DescribeRegionsRequest());
	}

}
