package io.github.vpcapi.autoconfigure.health;

import io.github.vpcapi.autoconfigure.AliyunEcsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indicator is kept out of the liveness and readiness probes unless the user opts in.
 * The groups are Boot's own probe groups, as on Kubernetes, not groups defined here.
 */
class AliyunEcsHealthGroupsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AliyunEcsAutoConfiguration.class,
				AliyunEcsHealthContributorAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
				ApplicationAvailabilityAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class))
		.withPropertyValues("aliyun.ecs.region=cn-hangzhou", "aliyun.ecs.credentials.access-key-id=id",
				"aliyun.ecs.credentials.access-key-secret=secret", "management.endpoint.health.probes.enabled=true");

	@Test
	void notInTheProbesByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("aliyunEcsHealthIndicator")
				.hasBean("livenessStateHealthIndicator")
				.hasBean("readinessStateHealthIndicator");
			HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
			assertThat(groups.getPrimary().isMember("aliyunEcs")).isTrue();
			assertThat(groups.get("liveness").isMember("livenessState")).isTrue();
			assertThat(groups.get("liveness").isMember("aliyunEcs")).isFalse();
			assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
			assertThat(groups.get("readiness").isMember("aliyunEcs")).isFalse();
		});
	}

	@Test
	void readinessOptInIsOneLine() {
		this.contextRunner
			.withPropertyValues("management.endpoint.health.group.readiness.include=readinessState,aliyunEcs")
			.run((context) -> {
				HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
				assertThat(groups.get("readiness").isMember("aliyunEcs")).isTrue();
				assertThat(groups.get("liveness").isMember("aliyunEcs")).isFalse();
			});
	}

}
