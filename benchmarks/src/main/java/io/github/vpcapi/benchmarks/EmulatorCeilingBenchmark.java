package io.github.vpcapi.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/**
 * The emulator's own ceiling: the lightest request it answers (an unsigned one, rejected
 * with {@code IncompleteSignature}) from a client that does nothing else, over a kept-alive
 * plain HTTP connection. When the client benchmarks stay well below this, the emulator is
 * not what limits them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class EmulatorCeilingBenchmark {

	private EcsEmulator emulator;

	private HttpClient http;

	private HttpRequest request;

	@Setup(Level.Trial)
	public void setUp() {
		this.emulator = Clients.emulator();
		this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		this.request = HttpRequest
			.newBuilder(URI.create("http://" + this.emulator.address() + "/?Action=DescribeRegions&Version=2014-05-26"))
			.build();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.emulator.close();
	}

	@Benchmark
	public int emulatorCeiling() throws Exception {
		return this.http.send(this.request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
