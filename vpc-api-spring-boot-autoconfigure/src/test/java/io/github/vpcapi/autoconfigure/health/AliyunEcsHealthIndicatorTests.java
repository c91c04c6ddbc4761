package io.github.vpcapi.autoconfigure.health;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.exceptions.ClientException;
import io.github.vpcapi.autoconfigure.AliyunEcsCheck;
import io.github.vpcapi.autoconfigure.AliyunEcsEndpoint;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Network;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Protocol;
import io.github.vpcapi.autoconfigure.EmulatorSupport;
import io.github.vpcapi.emulator.EcsEmulator;
import io.github.vpcapi.emulator.EcsEmulatorExtension;
import io.github.vpcapi.emulator.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link AliyunEcsHealthIndicator} and its auto-configuration: each outcome
 * mapping against the emulator's faults, the time bound, the cache and single flight.
 */
class AliyunEcsHealthIndicatorTests {

	@RegisterExtension
	static final EcsEmulatorExtension ecs = EcsEmulatorExtension
		.withAccessKey(EmulatorSupport.KEY_ID, EmulatorSupport.KEY_SECRET)
		.stsAccessKey(EmulatorSupport.STS_KEY_ID, EmulatorSupport.STS_SECRET, EmulatorSupport.STS_TOKEN);

	private EcsEmulator emulator() {
		return ecs.emulator();
	}

	private ApplicationContextRunner runner() {
		return EmulatorSupport.runner(emulator())
			.withConfiguration(AutoConfigurations.of(AliyunEcsHealthContributorAutoConfiguration.class))
			.withPropertyValues("aliyun.ecs.health.cache-ttl=0s", "aliyun.ecs.health.timeout=1s");
	}

	private Health health(ApplicationContextRunner runner) {
		List<Health> result = new ArrayList<>();
		runner.run((context) -> result.add(context.getBean("aliyunEcsHealthIndicator", HealthIndicator.class).health()));
		return result.get(0);
	}

	@Test
	void upWithDetailsWhenTheEndpointAnswers() {
		Health health = health(runner());
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("region", "cn-hangzhou")
			.containsEntry("network", "vpc")
			.containsEntry("endpoint", "ecs-vpc.cn-hangzhou.aliyuncs.com")
			.containsEntry("regions", 23)
			.containsKeys("responseTime", "checkedAt", "requestId");
		assertThat(emulator().requests()).singleElement()
			.satisfies((request) -> assertThat(request.action()).isEqualTo("DescribeRegions"));
	}

	@Test
	void throttlingIsUnknownNotDown() {
		emulator().inject(Fault.throttling());
		Health health = health(runner());
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsEntry("throttled", true).containsEntry("errorCode", "Throttling.User");
		// No retries inside a health check.
		assertThat(emulator().requestCount()).isEqualTo(1);
	}

	@Test
	void unknownAccessKeyIsDownWithCodeRequestIdAndHint() {
		Health health = health(runner().withPropertyValues("aliyun.ecs.credentials.access-key-id=unknown-key"));
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("errorCode", "InvalidAccessKeyId.NotFound")
			.containsEntry("reason", "authentication")
			.containsKey("requestId");
		assertThat(health.getDetails().get("hint").toString()).contains("access-key-id");
	}

	@Test
	void wrongSecretIsDownAndNothingSecretIsShown() {
		Health health = health(runner()
			.withPropertyValues("aliyun.ecs.credentials.access-key-id=" + EmulatorSupport.STS_KEY_ID,
					"aliyun.ecs.credentials.access-key-secret=wrong-sts-secret-value",
					"aliyun.ecs.credentials.security-token=" + EmulatorSupport.STS_TOKEN));
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("errorCode")).isIn("SignatureDoesNotMatch", "SDK.InvalidAccessKeySecret");
		assertThat(health.toString()).doesNotContain("wrong-sts-secret-value")
			.doesNotContain(EmulatorSupport.STS_TOKEN)
			.doesNotContainIgnoringCase("string to sign");
	}

	@Test
	void permissionErrorIsDown() {
		emulator().inject(Fault.forbiddenRam());
		Health health = health(runner());
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("errorCode", "Forbidden.RAM");
		assertThat(health.getDetails().get("hint").toString()).contains("ecs:DescribeRegions");
	}

	@Test
	void serverErrorIsDown() {
		emulator().inject(Fault.serviceUnavailable());
		Health health = health(runner());
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "server-error")
			.containsEntry("errorCode", "ServiceUnavailable");
	}

	@Test
	void truncatedAnswerIsDownAsInvalidResponse() {
		emulator().inject(Fault.truncatedBody());
		Health health = health(runner());
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "invalid-response");
	}

	@Test
	void connectionResetIsDown() {
		emulator().inject(Fault.connectionReset());
		Health health = health(runner());
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "connection-reset");
	}

	@Test
	void refusedConnectionIsDown() {
		Health health = health(runner().withPropertyValues("aliyun.ecs.http.proxy=http://127.0.0.1:1"));
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "connection-refused");
	}

	@Test
	void untrustedCertificateIsDownAsTls() {
		Health health = health(runner().withPropertyValues("aliyun.ecs.http.ssl-bundle="));
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "tls");
	}

	@Test
	void hangingEndpointIsDownWithinTheTimeout() {
		emulator().inject(Fault.hang());
		long start = System.nanoTime();
		Health health = health(runner().withPropertyValues("aliyun.ecs.health.timeout=400ms"));
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("reason", "timeout");
		assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
	}

	@Test
	void hangStaysATimeoutInTheCacheAfterTheCheckGivesUp() {
		emulator().inject(Fault.hang());
		runner().withPropertyValues("aliyun.ecs.health.timeout=200ms", "aliyun.ecs.health.cache-ttl=30s")
			.run((context) -> {
				HealthIndicator indicator = context.getBean("aliyunEcsHealthIndicator", HealthIndicator.class);
				Health first = indicator.health();
				assertThat(first.getDetails()).containsEntry("reason", "timeout");
				// The check's own read timeout (timeout + 1s) ends the hung call later.
				await().atMost(Duration.ofSeconds(5)).until(AliyunEcsHealthIndicatorTests::noCheckInFlight);
				Health second = indicator.health();
				assertThat(second.getStatus()).isEqualTo(Status.DOWN);
				assertThat(second.getDetails()).isEqualTo(first.getDetails());
				assertThat(emulator().requestCount()).isEqualTo(1);
			});
	}

	@Test
	void checkGivingUpOnAHangNamesTheReadTimeoutItUsed() {
		emulator().inject(Fault.hang());
		runner().run((context) -> {
			AliyunEcsCheck check = new AliyunEcsCheck(context.getBean(IAcsClient.class),
					context.getBean(AliyunEcsEndpoint.class), Duration.ofMillis(200), Clock.systemUTC());
			AliyunEcsCheck.Result result = check.run();
			assertThat(result.details()).containsEntry("reason", "read-timeout");
			assertThat(result.details().get("hint").toString()).contains("within 1200ms")
				.contains("aliyun.ecs.health.timeout");
			// An exception from any other call was under the client's read timeout, not the check's.
			String hint = check.diagnose(new ClientException("SDK.ReadTimeout", "read timed out"))
				.details()
				.get("hint")
				.toString();
			assertThat(hint).contains("aliyun.ecs.http.read-timeout").doesNotContainPattern("\\d+ms");
		});
	}

	@Test
	void failureOfTheCheckItselfHasTheCommonDetails() throws Exception {
		IAcsClient client = mock(IAcsClient.class);
		given(client.getAcsResponse(any(DescribeRegionsRequest.class)))
			.willThrow(new NoClassDefFoundError("com/aliyuncs/Missing"));
		AliyunEcsHealthIndicator indicator = indicator(client);
		try {
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("reason", "client-error")
				.containsEntry("error", NoClassDefFoundError.class.getName());
			assertHasCommonDetails(health);
		}
		finally {
			indicator.destroy();
		}
	}

	@Test
	void interruptedCallerHasTheCommonDetails() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		IAcsClient client = mock(IAcsClient.class);
		given(client.getAcsResponse(any(DescribeRegionsRequest.class))).willAnswer((invocation) -> {
			release.await();
			throw new ClientException("SDK.ServerUnreachable", "released");
		});
		AliyunEcsHealthIndicator indicator = indicator(client);
		try {
			Thread.currentThread().interrupt();
			Health health = indicator.health();
			assertThat(Thread.interrupted()).as("interrupt kept").isTrue();
			assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
			assertThat(health.getDetails()).containsEntry("reason", "interrupted");
			assertHasCommonDetails(health);
		}
		finally {
			release.countDown();
			indicator.destroy();
		}
	}

	private static AliyunEcsHealthIndicator indicator(IAcsClient client) {
		AliyunEcsEndpoint endpoint = new AliyunEcsEndpoint("cn-hangzhou", Network.VPC, Protocol.HTTPS,
				"ecs-vpc.cn-hangzhou.aliyuncs.com");
		Duration timeout = Duration.ofSeconds(2);
		return new AliyunEcsHealthIndicator(new AliyunEcsCheck(client, endpoint, timeout, Clock.systemUTC()), timeout,
				Duration.ZERO, Clock.systemUTC());
	}

	private static void assertHasCommonDetails(Health health) {
		// What the README promises for every detail map.
		assertThat(health.getDetails()).containsEntry("region", "cn-hangzhou")
			.containsEntry("network", "vpc")
			.containsEntry("endpoint", "ecs-vpc.cn-hangzhou.aliyuncs.com")
			.containsKey("checkedAt");
	}

	private static boolean noCheckInFlight() {
		// Idle health threads wait in their pool for the next check.
		return Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().getName().equals("aliyun-ecs-health"))
			.allMatch((entry) -> Arrays.stream(entry.getValue())
				.anyMatch((frame) -> frame.getMethodName().equals("getTask")));
	}

	@Test
	void concurrentCallersWaitingOnAHangShareOneCallAndReturnInTime() {
		emulator().inject(Fault.hang());
		runner().withPropertyValues("aliyun.ecs.health.timeout=300ms").run((context) -> {
			HealthIndicator indicator = context.getBean("aliyunEcsHealthIndicator", HealthIndicator.class);
			long start = System.nanoTime();
			List<Health> results = concurrently(20, indicator::health);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			assertThat(results).allSatisfy((health) -> {
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("reason", "timeout");
			});
			assertThat(emulator().requestCount()).isEqualTo(1);
			assertThat(Thread.getAllStackTraces().keySet()).filteredOn((t) -> t.getName().equals("aliyun-ecs-health"))
				.hasSizeLessThanOrEqualTo(1);
		});
	}

	@Test
	void concurrentCallersShareTheCallInFlight() {
		emulator().inject(Fault.delay(Duration.ofMillis(300)));
		runner().run((context) -> {
			HealthIndicator indicator = context.getBean("aliyunEcsHealthIndicator", HealthIndicator.class);
			List<Health> results = concurrently(16, indicator::health);
			assertThat(results).allSatisfy((health) -> assertThat(health.getStatus()).isEqualTo(Status.UP));
			assertThat(emulator().requestCount()).isEqualTo(1);
		});
	}

	@Test
	void resultsAreCachedWithTheDefaults() {
		EmulatorSupport.runner(emulator())
			.withConfiguration(AutoConfigurations.of(AliyunEcsHealthContributorAutoConfiguration.class))
			.run((context) -> {
				HealthIndicator indicator = context.getBean("aliyunEcsHealthIndicator", HealthIndicator.class);
				List<Health> results = concurrently(1000, indicator::health);
				assertThat(results).allSatisfy((health) -> assertThat(health.getStatus()).isEqualTo(Status.UP));
				assertThat(emulator().requestCount()).isEqualTo(1);
			});
	}

	@Test
	void indicatorIsSwitchedOffByTheStandardProperty() {
		runner().withPropertyValues("management.health.aliyun-ecs.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("aliyunEcsHealthIndicator"));
	}

	@Test
	void indicatorBacksOffToAUserBean() {
		HealthIndicator mine = () -> Health.up().build();
		runner().withBean("aliyunEcsHealthIndicator", HealthIndicator.class, () -> mine)
			.run((context) -> assertThat(context).getBean("aliyunEcsHealthIndicator").isSameAs(mine));
	}

	@Test
	void indicatorNeedsTheHealthApi() {
		runner().withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("aliyunEcsHealthIndicator"));
	}

	@Test
	void indicatorNeedsTheClient() {
		runner().withPropertyValues("aliyun.ecs.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("aliyunEcsHealthIndicator"));
	}

	@Test
	void nonPositiveTimeoutIsRejected() {
		runner().withPropertyValues("aliyun.ecs.health.timeout=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("aliyun.ecs.health.timeout"));
	}

	@Test
	void noCallIsMadeUntilHealthIsAsked() {
		runner().run((context) -> assertThat(emulator().requestCount()).isZero());
	}

	static List<Health> concurrently(int calls, Callable<Health> call) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			List<Future<Health>> futures = new ArrayList<>();
			for (int i = 0; i < calls; i++) {
				futures.add(pool.submit(call));
			}
			List<Health> results = new ArrayList<>();
			for (Future<Health> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
