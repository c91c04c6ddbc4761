package io.github.vpcapi.autoconfigure;

import java.io.File;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.ECSMetadataServiceCredentialsFetcher;
import com.aliyuncs.auth.InstanceProfileCredentialsProvider;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.exceptions.ClientException;
import com.sun.net.httpserver.HttpServer;
import io.github.vpcapi.emulator.EcsEmulatorExtension;
import io.github.vpcapi.emulator.Fault;
import io.github.vpcapi.emulator.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

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
		AtomicInteger served = new AtomicInteger();
		HttpServer metadata = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		metadata.createContext("/latest/meta-data/ram/security-credentials/app-role", (exchange) -> {
			int n = served.incrementAndGet();
			// Expires just past the SDK's 3-minute refresh margin: stale two seconds later.
			String expiration = Instant.now().plusSeconds(182).truncatedTo(ChronoUnit.SECONDS).toString();
			String body = "{\"Code\":\"Success\",\"AccessKeyId\":\"" + ((n == 1) ? ROLE_KEY_1 : ROLE_KEY_2)
					+ "\",\"AccessKeySecret\":\"role-secret-" + ((n == 1) ? 1 : 2) + "\",\"SecurityToken\":\"role-token-"
					+ ((n == 1) ? 1 : 2) + "\",\"Expiration\":\"" + expiration + "\",\"LastUpdated\":\"" + Instant.now()
					+ "\"}";
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		metadata.createContext("/latest/api/token", (exchange) -> {
			exchange.sendResponseHeaders(404, -1);
			exchange.close();
		});
		metadata.start();
		try {
			@SuppressWarnings("deprecation")
			InstanceProfileCredentialsProvider provider = new InstanceProfileCredentialsProvider("app-role")
				.withFetcher(new ECSMetadataServiceCredentialsFetcher()
					.withECSMetadataServiceHost("127.0.0.1:" + metadata.getAddress().getPort()));
			EmulatorSupport.runner(ecs.emulator())
				.withPropertyValues("aliyun.ecs.credentials.access-key-id=", "aliyun.ecs.credentials.access-key-secret=")
				.withBean(AlibabaCloudCredentialsProvider.class, () -> provider)
				.run((context) -> {
					IAcsClient client = context.getBean(IAcsClient.class);
					client.getAcsResponse(new DescribeRegionsRequest());
					Thread.sleep(2500);
					client.getAcsResponse(new DescribeRegionsRequest());
				});
			assertThat(ecs.emulator().requests()).extracting(RecordedRequest::accessKeyId)
				.containsExactly(ROLE_KEY_1, ROLE_KEY_2);
			assertThat(ecs.emulator().requests()).allMatch(RecordedRequest::signatureValid);
			assertThat(served.get()).isEqualTo(2);
		}
		finally {
			metadata.stop(0);
		}
	}

	static long openDescriptors() {
		File[] fds = new File("/proc/self/fd").listFiles();
		return Objects.requireNonNull(fds, "/proc/self/fd").length;
	}

}
