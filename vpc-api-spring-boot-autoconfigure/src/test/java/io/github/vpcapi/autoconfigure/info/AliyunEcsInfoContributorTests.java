package io.github.vpcapi.autoconfigure.info;

import java.util.Map;

import io.github.vpcapi.autoconfigure.AliyunEcsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AliyunEcsInfoContributor}.
 */
class AliyunEcsInfoContributorTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AliyunEcsAutoConfiguration.class,
				AliyunEcsInfoContributorAutoConfiguration.class))
		.withPropertyValues("aliyun.ecs.region=cn-shanghai");

	@SuppressWarnings("unchecked")
	private Map<String, Object> info(ApplicationContextRunner runner) {
		Map<String, Object>[] info = new Map[1];
		runner.run((context) -> {
			Info.Builder builder = new Info.Builder();
			context.getBean(AliyunEcsInfoContributor.class).contribute(builder);
			info[0] = (Map<String, Object>) builder.build().getDetails().get("aliyunEcs");
		});
		return info[0];
	}

	@Test
	void showsEndpointSdkVersionsAndTheKindOfCredentials() {
		Map<String, Object> info = info(this.contextRunner.withPropertyValues(
				"aliyun.ecs.credentials.access-key-id=id-1", "aliyun.ecs.credentials.access-key-secret=info-secret",
				"aliyun.ecs.credentials.security-token=info-token"));
		assertThat(info).containsEntry("region", "cn-shanghai")
			.containsEntry("network", "vpc")
			.containsEntry("endpoint", "https://ecs-vpc.cn-shanghai.aliyuncs.com")
			.containsEntry("credentials", "sts-token");
		assertThat(info.get("sdk").toString()).contains("aliyun-java-sdk-core=4.7.10")
			.contains("aliyun-java-sdk-ecs=5.11.7");
		assertThat(info.toString()).doesNotContain("info-secret").doesNotContain("info-token").doesNotContain("id-1");
	}

	@Test
	void namesEachCredentialsSource() {
		assertThat(info(this.contextRunner)).containsEntry("credentials", "default-chain");
		assertThat(info(this.contextRunner.withPropertyValues("aliyun.ecs.credentials.ram-role-name=role")))
			.containsEntry("credentials", "ecs-ram-role");
		assertThat(info(this.contextRunner.withPropertyValues("aliyun.ecs.credentials.access-key-id=a",
				"aliyun.ecs.credentials.access-key-secret=b")))
			.containsEntry("credentials", "access-key");
	}

	@Test
	void switchedOffByProperty() {
		this.contextRunner.withPropertyValues("management.info.aliyun-ecs.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AliyunEcsInfoContributor.class));
	}

	@Test
	void switchedOffWithTheOtherContributorsByDefaultsProperty() {
		this.contextRunner.withPropertyValues("management.info.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AliyunEcsInfoContributor.class));
	}

	@Test
	void ownPropertyWinsOverTheDefaultsProperty() {
		this.contextRunner
			.withPropertyValues("management.info.defaults.enabled=false", "management.info.aliyun-ecs.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(AliyunEcsInfoContributor.class));
	}

	@Test
	void contributorNeedsTheActuatorAutoConfiguration() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ConditionalOnEnabledInfoContributor.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AliyunEcsInfoContributor.class));
	}

}
