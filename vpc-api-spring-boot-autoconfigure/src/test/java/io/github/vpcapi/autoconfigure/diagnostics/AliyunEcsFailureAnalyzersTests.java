package io.github.vpcapi.autoconfigure.diagnostics;

import io.github.vpcapi.autoconfigure.AliyunEcsAutoConfiguration;
import io.github.vpcapi.autoconfigure.InvalidAliyunEcsPropertyException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the failure analyzers, called directly on real startup failures.
 */
class AliyunEcsFailureAnalyzersTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AliyunEcsAutoConfiguration.class));

	private FailureAnalysis invalidProperty(String... properties) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		this.contextRunner.withPropertyValues(properties)
			.run((context) -> analysis[0] = new InvalidAliyunEcsPropertyFailureAnalyzer()
				.analyze(context.getStartupFailure()));
		return analysis[0];
	}

	private FailureAnalysis bindFailure(String... properties) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		this.contextRunner.withPropertyValues(properties)
			.run((context) -> analysis[0] = new AliyunEcsBindFailureAnalyzer().analyze(context.getStartupFailure()));
		return analysis[0];
	}

	@Test
	void missingRegionNamesThePropertyAndTheSupportedRegions() {
		FailureAnalysis analysis = invalidProperty();
		assertThat(analysis.getDescription()).contains("Property: aliyun.ecs.region").contains("required");
		assertThat(analysis.getAction()).contains("aliyun.ecs.region").contains("cn-hangzhou").contains("ap-south-1");
		assertThat(analysis.getCause()).isInstanceOf(InvalidAliyunEcsPropertyException.class);
	}

	@Test
	void unknownRegionPointsToTheEndpointProperty() {
		FailureAnalysis analysis = invalidProperty("aliyun.ecs.region=cn-nanjing");
		assertThat(analysis.getDescription()).contains("Value: \"cn-nanjing\"");
		assertThat(analysis.getAction()).contains("aliyun.ecs.endpoint");
	}

	@Test
	void halfAKeyPairNeverShowsTheSecret() {
		FailureAnalysis analysis = invalidProperty("aliyun.ecs.region=cn-hangzhou",
				"aliyun.ecs.credentials.access-key-secret=top-secret-value");
		assertThat(analysis.getDescription()).contains("aliyun.ecs.credentials.access-key-id")
			.doesNotContain("top-secret-value");
		assertThat(analysis.getAction()).doesNotContain("top-secret-value");
	}

	@Test
	void unknownNetworkListsTheValuesAsWritten() {
		FailureAnalysis analysis = bindFailure("aliyun.ecs.region=cn-hangzhou", "aliyun.ecs.network=internal");
		assertThat(analysis.getDescription()).contains("Property: aliyun.ecs.network").contains("\"internal\"");
		assertThat(analysis.getAction()).contains("vpc, public");
		assertThat(analysis.getCause()).isInstanceOf(BindException.class);
	}

	@Test
	void unknownProtocolListsTheValuesAsWritten() {
		FailureAnalysis analysis = bindFailure("aliyun.ecs.region=cn-hangzhou", "aliyun.ecs.protocol=ftp");
		assertThat(analysis.getAction()).contains("https, http");
	}

	@Test
	void malformedDurationSuggestsTheFormat() {
		FailureAnalysis analysis = bindFailure("aliyun.ecs.region=cn-hangzhou", "aliyun.ecs.http.read-timeout=soon");
		assertThat(analysis.getDescription()).contains("aliyun.ecs.http.read-timeout");
		assertThat(analysis.getAction()).contains("5s");
	}

	@Test
	void bindFailuresOutsideOurPrefixAreLeftToSpringBoot() {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		new ApplicationContextRunner().withUserConfiguration(OtherPropertiesConfiguration.class)
			.withPropertyValues("other.size=big")
			.run((context) -> analysis[0] = new AliyunEcsBindFailureAnalyzer().analyze(context.getStartupFailure()));
		assertThat(analysis[0]).isNull();
	}

	@org.springframework.boot.context.properties.EnableConfigurationProperties(OtherProperties.class)
	static class OtherPropertiesConfiguration {

	}

	@org.springframework.boot.context.properties.ConfigurationProperties("other")
	static class OtherProperties {

		private int size;

		public int getSize() {
			return this.size;
		}

		public void setSize(int size) {
			this.size = size;
		}

	}

}
