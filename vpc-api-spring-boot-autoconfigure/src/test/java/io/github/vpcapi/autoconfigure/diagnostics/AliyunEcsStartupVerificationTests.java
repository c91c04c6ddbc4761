package io.github.vpcapi.autoconfigure.diagnostics;

import io.github.vpcapi.autoconfigure.EmulatorSupport;
import io.github.vpcapi.emulator.EcsEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code aliyun.ecs.verify-on-startup}.
 */
class AliyunEcsStartupVerificationTests {

	@RegisterExtension
	static final EcsEmulatorExtension ecs = EcsEmulatorExtension.withAccessKey(EmulatorSupport.KEY_ID,
			EmulatorSupport.KEY_SECRET);

	@Test
	void startupCallsNothingByDefault() {
		EmulatorSupport.runner(ecs.emulator())
			.run((context) -> assertThat(ecs.emulator().requestCount()).isZero());
	}

	@Test
	void verificationPassesWhenTheEndpointAnswers() {
		EmulatorSupport.runner(ecs.emulator()).withPropertyValues("aliyun.ecs.verify-on-startup=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(ecs.emulator().requests()).singleElement()
				.satisfies((request) -> assertThat(request.action()).isEqualTo("DescribeRegions"));
		});
	}

	@Test
	void failedVerificationStopsStartupWithTheDiagnosis() {
		EmulatorSupport.runner(ecs.emulator())
			.withPropertyValues("aliyun.ecs.verify-on-startup=true",
					"aliyun.ecs.credentials.access-key-secret=wrong-secret-for-startup")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("verify-on-startup")
					.contains("reason: authentication")
					.contains("endpoint: ecs-vpc.cn-hangzhou.aliyuncs.com")
					.doesNotContain("wrong-secret-for-startup");
				assertThat(analysis.getAction()).contains("aliyun.ecs.credentials.access-key-secret")
					.contains("aliyun.ecs.verify-on-startup=false");
			});
	}

	static FailureAnalysis analyze(Throwable failure) {
		return new AliyunEcsVerificationFailureAnalyzer().analyze(failure);
	}

}
