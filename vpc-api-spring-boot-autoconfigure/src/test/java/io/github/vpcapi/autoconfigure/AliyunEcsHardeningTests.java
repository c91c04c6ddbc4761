package io.github.vpcapi.autoconfigure;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.ECSMetadataServiceCredentialsFetcher;
import com.aliyuncs.auth.InstanceProfileCredentialsProvider;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpUtil;
import com.sun.net.httpserver.HttpServer;
import io.github.vpcapi.emulator.EcsEmulatorExtension;
import io.github.vpcapi.emulator.Fault;
import io.github.vpcapi.emulator.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Secrets, leaks and recovery, each tried against the emulator. The figures printed here
 * are the ones written down in {@code docs/reliability.md}.
 */
@ExtendWith(OutputCaptureExtension.class)
class AliyunEcsHardeningTests {

	static final String ROLE_KEY_1 = "STS.role-key-1";

	static final String ROLE_KEY_2 = "STS.role-key-2";

	@RegisterExtension
	static final EcsEmulatorExtension ecs = EcsEmulatorExtension
		.withAccessKey(EmulatorSupport.KEY_ID, EmulatorSupport.KEY_SECRET)
		.stsAccessKey(EmulatorSupport.STS_KEY_ID, EmulatorSupport.STS_SECRET, EmulatorSupport.STS_TOKEN)
		.stsAccessKey(ROLE_KEY_1, "role-secret-1", "role-token-1")
		.stsAccessKey(ROLE_KEY_2, "role-secret-2", "role-token-2");

	@Test
	void secretsNeverReachTheLogsEvenAtTrace(CapturedOutput output) {
		List<String> loggers = List.of("com.aliyuncs", "org.apache.http", "org.apache.http.wire",
				"org.apache.http.headers", "io.github.vpcapi");
		loggers.forEach((name) -> logger(name).setLevel(Level.TRACE));
		try {
			EmulatorSupport.runner(ecs.emulator())
				.withPropertyValues("aliyun.ecs.credentials.access-key-id=" + EmulatorSupport.STS_KEY_ID,
						"aliyun.ecs.credentials.access-key-secret=" + EmulatorSupport.STS_SECRET,
						"aliyun.ecs.credentials.security-token=" + EmulatorSupport.STS_TOKEN,
						"aliyun.ecs.retry.max-attempts=2")
				.run((context) -> {
					IAcsClient client = context.getBean(IAcsClient.class);
					client.getAcsResponse(new DescribeRegionsRequest());
					ecs.emulator().inject(Fault.throttling().times(1));
					client.getAcsResponse(new DescribeInstancesRequest());
				});
			EmulatorSupport.runner(ecs.emulator())
				.withPropertyValues("aliyun.ecs.credentials.access-key-id=" + EmulatorSupport.STS_KEY_ID,
						"aliyun.ecs.credentials.access-key-secret=wrong-secret-in-trace-test",
						"aliyun.ecs.credentials.security-token=" + EmulatorSupport.STS_TOKEN)
				.run((context) -> assertThatExceptionOfType(ClientException.class)
					.isThrownBy(() -> context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest()))
					.satisfies((ex) -> {
						assertThat(ex.getErrCode()).isEqualTo("SignatureDoesNotMatch");
						assertThat(ex.toString()).doesNotContain(EmulatorSupport.STS_TOKEN)
							.contains("string to sign omitted");
					}));
		}
		finally {
			loggers.forEach((name) -> logger(name).setLevel(null));
		}
		// The loggers were really on: Apache HttpClient traced the exchange.
		assertThat(output.getAll()).contains("org.apache.http").contains("ecs-vpc.cn-hangzhou.aliyuncs.com");
		assertThat(output.getAll()).doesNotContain(EmulatorSupport.STS_SECRET)
			.doesNotContain(EmulatorSupport.STS_TOKEN)
			.doesNotContain("wrong-secret-in-trace-test");
		assertThat(ecs.emulator().requests()).extracting(RecordedRequest::method).containsOnly("POST");
	}

	@Test
	void signedUrlStaysOutOfTheExceptionWhenTheConnectionBreaksOrTimesOut(CapturedOutput output) {
		EmulatorSupport.runner(ecs.emulator())
			.withPropertyValues("aliyun.ecs.credentials.access-key-id=" + EmulatorSupport.STS_KEY_ID,
					"aliyun.ecs.credentials.access-key-secret=" + EmulatorSupport.STS_SECRET,
					"aliyun.ecs.credentials.security-token=" + EmulatorSupport.STS_TOKEN,
					"aliyun.ecs.http.read-timeout=300ms", "aliyun.ecs.retry.max-attempts=2")
			.run((context) -> {
				IAcsClient client = context.getBean(IAcsClient.class);
				ecs.emulator().inject(Fault.connectionReset());
				assertThatExceptionOfType(ClientException.class)
					.isThrownBy(() -> client.getAcsResponse(new DescribeRegionsRequest()))
					.satisfies((ex) -> assertNoSignedUrl(ex, "SDK.ServerUnreachable", java.io.IOException.class));
				ecs.emulator().clearFaults();
				ecs.emulator().inject(Fault.hang());
				assertThatExceptionOfType(ClientException.class)
					.isThrownBy(() -> client.getAcsResponse(new DescribeRegionsRequest()))
					.satisfies((ex) -> assertNoSignedUrl(ex, "SDK.ReadTimeout", java.net.SocketTimeoutException.class));
				// The SDK's overloads with explicit credentials bypass the usual path.
				com.aliyuncs.auth.Credential credential = new com.aliyuncs.auth.Credential(EmulatorSupport.STS_KEY_ID,
						EmulatorSupport.STS_SECRET, EmulatorSupport.STS_TOKEN);
				assertThatExceptionOfType(ClientException.class)
					.isThrownBy(() -> client.getAcsResponse(new DescribeRegionsRequest(), "cn-hangzhou", credential))
					.satisfies((ex) -> assertNoSignedUrl(ex, "SDK.ReadTimeout", java.net.SocketTimeoutException.class));
				assertThatExceptionOfType(ClientException.class).isThrownBy(() -> deprecatedDoAction(
						(AliyunEcsAcsClient) client, credential))
					.satisfies((ex) -> assertNoSignedUrl(ex, "SDK.ReadTimeout", java.net.SocketTimeoutException.class));
				ecs.emulator().clearFaults();
			});
		assertThat(output.getAll()).doesNotContain(EmulatorSupport.STS_TOKEN);
	}

	@SuppressWarnings("deprecation")
	private static void deprecatedDoAction(AliyunEcsAcsClient client, com.aliyuncs.auth.Credential credential)
			throws ClientException {
		client.doAction(new DescribeRegionsRequest(), false, 0, "cn-hangzhou", credential,
				com.aliyuncs.auth.Signer.getSigner(new com.aliyuncs.auth.BasicSessionCredentials(
						EmulatorSupport.STS_KEY_ID, EmulatorSupport.STS_SECRET, EmulatorSupport.STS_TOKEN)),
				com.aliyuncs.http.FormatType.JSON);
	}

	private static void assertNoSignedUrl(ClientException ex, String code, Class<? extends Exception> cause) {
		assertThat(ex.getErrCode()).isEqualTo(code);
		assertThat(ex).hasRootCauseInstanceOf(cause);
		for (String text : List.of(ex.getMessage(), ex.toString(), ex.getErrMsg())) {
			assertThat(text).contains("https://ecs-vpc.cn-hangzhou.aliyuncs.com/?<parameters omitted>")
				.doesNotContain(EmulatorSupport.STS_TOKEN)
				.doesNotContain(EmulatorSupport.STS_KEY_ID)
				.doesNotContain("Signature=");
		}
	}

	// Flips the SDK's JVM-wide debug switch and restores it: safe because the tests of this
	// module run one at a time (no parallel execution is configured).
	@Test
	void sdkHttpDebugSwitchStopsStartupAndEveryCall(CapturedOutput output) {
		Boolean before = HttpUtil.getIsHttpDebug();
		ApplicationContextRunner runner = EmulatorSupport.runner(ecs.emulator())
			.withPropertyValues("aliyun.ecs.credentials.access-key-id=" + EmulatorSupport.STS_KEY_ID,
					"aliyun.ecs.credentials.access-key-secret=" + EmulatorSupport.STS_SECRET,
					"aliyun.ecs.credentials.security-token=" + EmulatorSupport.STS_TOKEN);
		try {
			HttpUtil.setIsHttpDebug(true);
			runner.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidAliyunEcsPropertyException.class)
				.hasMessageContaining("DEBUG (environment variable)"));
			HttpUtil.setIsHttpDebug(false);
			runner.run((context) -> {
				IAcsClient client = context.getBean(IAcsClient.class);
				HttpUtil.setIsHttpDebug(true);
				assertThatExceptionOfType(ClientException.class)
					.isThrownBy(() -> client.getAcsResponse(new DescribeRegionsRequest()))
					.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("VpcApi.SdkHttpDebugOn"));
			});
		}
		finally {
			HttpUtil.setIsHttpDebug(before);
		}
		assertThat(ecs.emulator().requests()).isEmpty();
		assertThat(output.getAll()).doesNotContain(EmulatorSupport.STS_TOKEN);
	}

	@Test
	void sdkRequestLoggerOnTheProfileStopsStartup() {
		EmulatorSupport.runner(ecs.emulator())
			.withBean(AliyunEcsClientCustomizer.class,
					() -> (profile) -> profile.setLogger(LoggerFactory.getLogger("sdk-requests")))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidAliyunEcsPropertyException.class)
				.hasMessageContaining("DefaultProfile.setLogger"));
	}

	private static Logger logger(String name) {
		return (Logger) LoggerFactory.getLogger(name);
	}

	@Test
	void thousandFailingCallsLeakNoThreadNorDescriptorAndTheClientRecovers() {
		EmulatorSupport.runner(ecs.emulator()).withPropertyValues("aliyun.ecs.retry.max-attempts=1").run((context) -> {
			IAcsClient client = context.getBean(IAcsClient.class);
			client.getAcsResponse(new DescribeRegionsRequest());
			int threadsBefore = Thread.activeCount();
			long descriptorsBefore = openDescriptors();
			AtomicInteger failures = new AtomicInteger();
			ecs.emulator().inject(Fault.serviceUnavailable());
			for (int i = 0; i < 500; i++) {
				failures.addAndGet(fails(client));
			}
			ecs.emulator().inject(Fault.connectionReset());
			for (int i = 0; i < 500; i++) {
				failures.addAndGet(fails(client));
			}
			ecs.emulator().clearFaults();
			assertThat(client.getAcsResponse(new DescribeRegionsRequest()).getRegions()).hasSize(23);
			int threadsAfter = Thread.activeCount();
			long descriptorsAfter = openDescriptors();
			System.out.printf("reliability: %d failing calls; threads %d -> %d; open descriptors %d -> %d%n",
					failures.get(), threadsBefore, threadsAfter, descriptorsBefore, descriptorsAfter);
			assertThat(failures.get()).isEqualTo(1000);
			assertThat(threadsAfter).isLessThanOrEqualTo(threadsBefore + 2);
			assertThat(descriptorsAfter).isLessThanOrEqualTo(descriptorsBefore + 8);
		});
	}

	private static int fails(IAcsClient client) {
		try {
			client.getAcsResponse(new DescribeRegionsRequest());
			return 0;
		}
		catch (ClientException ex) {
			return 1;
		}
	}

	@Test
	void restartingTheContextLeaksNothing() {
		EmulatorSupport.runner(ecs.emulator())
			.run((context) -> context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest()));
		int threadsBefore = Thread.activeCount();
		long descriptorsBefore = openDescriptors();
		for (int i = 0; i < 20; i++) {
			EmulatorSupport.runner(ecs.emulator())
				.run((context) -> context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest()));
		}
		int threadsAfter = Thread.activeCount();
		long descriptorsAfter = openDescriptors();
		System.out.printf("reliability: 20 context restarts; threads %d -> %d; open descriptors %d -> %d%n",
				threadsBefore, threadsAfter, descriptorsBefore, descriptorsAfter);
		assertThat(threadsAfter).isLessThanOrEqualTo(threadsBefore + 2);
		assertThat(descriptorsAfter).isLessThanOrEqualTo(descriptorsBefore + 8);
	}

	@Test
	void ramRoleCredentialsAreRefreshedBeforeTheyExpire() throws Exception {
		// Expires just past the SDK's 3-minute refresh margin: stale two seconds later.
		MetadataService metadata = MetadataService.start(Duration.ofSeconds(182), Duration.ZERO);
		try {
			metadata.runner()
				.run((context) -> {
					IAcsClient client = context.getBean(IAcsClient.class);
					client.getAcsResponse(new DescribeRegionsRequest());
					Thread.sleep(2500);
					client.getAcsResponse(new DescribeRegionsRequest());
				});
			assertThat(ecs.emulator().requests()).extracting(RecordedRequest::accessKeyId)
				.containsExactly(ROLE_KEY_1, ROLE_KEY_2);
			assertThat(ecs.emulator().requests()).allMatch(RecordedRequest::signatureValid);
			assertThat(metadata.served()).isEqualTo(2);
		}
		finally {
			metadata.stop();
		}
	}

	@Test
	void concurrentCallsFetchRamRoleCredentialsOnce() throws Exception {
		MetadataService metadata = MetadataService.start(Duration.ofHours(1), Duration.ofMillis(300));
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			metadata.runner()
				.run((context) -> {
					IAcsClient client = context.getBean(IAcsClient.class);
					CountDownLatch start = new CountDownLatch(1);
					List<Future<DescribeRegionsResponse>> calls = new ArrayList<>();
					for (int i = 0; i < 16; i++) {
						calls.add(pool.submit(() -> {
							start.await();
							return client.getAcsResponse(new DescribeRegionsRequest());
						}));
					}
					start.countDown();
					for (Future<DescribeRegionsResponse> call : calls) {
						assertThat(call.get(30, TimeUnit.SECONDS).getRegions()).hasSize(23);
					}
				});
			assertThat(metadata.served()).isEqualTo(1);
			assertThat(ecs.emulator().requests()).hasSize(16).allMatch(RecordedRequest::signatureValid);
		}
		finally {
			pool.shutdownNow();
			metadata.stop();
		}
	}

	@Test
	void concurrentCallersShareAFailingCredentialsFetchInsteadOfQueueingBehindIt() throws Exception {
		MetadataService metadata = MetadataService.failing(Duration.ofMillis(200));
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			metadata.runner().run((context) -> {
				IAcsClient client = context.getBean(IAcsClient.class);
				CountDownLatch start = new CountDownLatch(1);
				List<Future<Long>> calls = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					calls.add(pool.submit(() -> {
						start.await();
						long began = System.nanoTime();
						assertThatExceptionOfType(ClientException.class)
							.isThrownBy(() -> client.getAcsResponse(new DescribeRegionsRequest()));
						return (System.nanoTime() - began) / 1_000_000;
					}));
				}
				start.countDown();
				long slowest = 0;
				for (Future<Long> call : calls) {
					slowest = Math.max(slowest, call.get(60, TimeUnit.SECONDS));
				}
				int oneFetch = metadata.served();
				System.out.printf("reliability: 8 concurrent callers, failing metadata service: %d requests to it, "
						+ "slowest caller %d ms%n", oneFetch, slowest);
				// One fetch is up to 4 requests (the SDK retries); a caller arriving just after it
				// ended may start a second. Never one fetch per caller (32 requests without sharing).
				assertThat(oneFetch).isLessThanOrEqualTo(8);
				assertThat(ecs.emulator().requests()).isEmpty();
			});
		}
		finally {
			pool.shutdownNow();
			metadata.stop();
		}
	}

	@Test
	void sdkRequestLoggerSetAfterStartupStopsTheCall(CapturedOutput output) {
		EmulatorSupport.runner(ecs.emulator()).run((context) -> {
			AliyunEcsAcsClient client = (AliyunEcsAcsClient) context.getBean(IAcsClient.class);
			client.getProfile().setLogger(LoggerFactory.getLogger("sdk-requests"));
			assertThatExceptionOfType(ClientException.class)
				.isThrownBy(() -> client.getAcsResponse(new DescribeRegionsRequest()))
				.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("VpcApi.SdkRequestLoggerSet"));
		});
		assertThat(ecs.emulator().requests()).isEmpty();
	}

	/**
	 * A loopback stand-in for the instance metadata service that hands out role
	 * credentials: {@link #ROLE_KEY_1} first, then {@link #ROLE_KEY_2}.
	 */
	private record MetadataService(HttpServer server, AtomicInteger counter) {

		static MetadataService failing(Duration latency) throws IOException {
			return start(Duration.ZERO, latency, 500);
		}

		static MetadataService start(Duration validity, Duration latency) throws IOException {
			return start(validity, latency, 200);
		}

		private static MetadataService start(Duration validity, Duration latency, int status) throws IOException {
			AtomicInteger counter = new AtomicInteger();
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
			server.setExecutor(Executors.newFixedThreadPool(4));
			server.createContext("/latest/meta-data/ram/security-credentials/app-role", (exchange) -> {
				int n = counter.incrementAndGet();
				try {
					Thread.sleep(latency.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				String expiration = Instant.now().plus(validity).truncatedTo(ChronoUnit.SECONDS).toString();
				String body = "{\"Code\":\"Success\",\"AccessKeyId\":\"" + ((n == 1) ? ROLE_KEY_1 : ROLE_KEY_2)
						+ "\",\"AccessKeySecret\":\"role-secret-" + ((n == 1) ? 1 : 2) + "\",\"SecurityToken\":\"role-token-"
						+ ((n == 1) ? 1 : 2) + "\",\"Expiration\":\"" + expiration + "\",\"LastUpdated\":\""
						+ Instant.now() + "\"}";
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(status, bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			});
			server.createContext("/latest/api/token", (exchange) -> {
				exchange.sendResponseHeaders(404, -1);
				exchange.close();
			});
			server.start();
			return new MetadataService(server, counter);
		}

		/** A context whose client takes its credentials from this service. */
		ApplicationContextRunner runner() {
			return EmulatorSupport.runner(ecs.emulator())
				.withPropertyValues("aliyun.ecs.credentials.access-key-id=", "aliyun.ecs.credentials.access-key-secret=")
				.withBean(AlibabaCloudCredentialsProvider.class, this::provider);
		}

		@SuppressWarnings("deprecation")
		InstanceProfileCredentialsProvider provider() {
			return new InstanceProfileCredentialsProvider("app-role").withFetcher(new ECSMetadataServiceCredentialsFetcher()
				.withECSMetadataServiceHost("127.0.0.1:" + this.server.getAddress().getPort()));
		}

		int served() {
			return this.counter.get();
		}

		void stop() {
			this.server.stop(0);
			((ExecutorService) this.server.getExecutor()).shutdownNow();
		}

	}

	static long openDescriptors() {
		File[] fds = new File("/proc/self/fd").listFiles();
		return Objects.requireNonNull(fds, "/proc/self/fd").length;
	}

}
