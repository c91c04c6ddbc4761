package io.github.vpcapi.autoconfigure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The secrets stay hidden in {@code /actuator/env} and {@code /actuator/configprops} even
 * when the user asks to show values.
 */
class AliyunEcsSanitizingTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AliyunEcsAutoConfiguration.class, EndpointAutoConfiguration.class,
				EnvironmentEndpointAutoConfiguration.class, ConfigurationPropertiesReportEndpointAutoConfiguration.class))
		.withPropertyValues("aliyun.ecs.region=cn-hangzhou", "aliyun.ecs.credentials.access-key-id=visible-key-id",
				"aliyun.ecs.credentials.access-key-secret=hidden-secret-value",
				"aliyun.ecs.credentials.security-token=hidden-token-value",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
				"management.endpoints.web.exposure.include=env,configprops");

	@Test
	void secretsAreSanitizedWhenValuesAreShown() {
		this.contextRunner.run((context) -> {
			EnvironmentEndpoint env = context.getBean(EnvironmentEndpoint.class);
			assertThat(envValue(env, "aliyun.ecs.credentials.access-key-id")).isEqualTo("visible-key-id");
			assertThat(envValue(env, "aliyun.ecs.credentials.access-key-secret")).isEqualTo("******");
			assertThat(envValue(env, "aliyun.ecs.credentials.security-token")).isEqualTo("******");
			Map<String, Object> credentials = configprops(context.getBean(ConfigurationPropertiesReportEndpoint.class));
			assertThat(credentials).containsEntry("accessKeyId", "visible-key-id")
				.containsEntry("accessKeySecret", "******")
				.containsEntry("securityToken", "******");
		});
	}

	@Test
	void sdkAndEnvironmentVariableFormsAreSanitizedToo() {
		this.contextRunner
			.withSystemProperties("alibabacloud.accessKeyIdSecret=sdk-secret-value",
					"alibabacloud.sessionToken=sdk-token-value",
					"ALIBABA_CLOUD_CREDENTIALS_URI=http://creds.internal/role?token=uri-token-value",
					"ALIBABA_CLOUD_ACCESS_KEY_SECRET=env-secret-value", "ALIBABA_CLOUD_SECURITY_TOKEN=env-token-value",
					"ALIYUN_ECS_HTTP_PROXY=http://user:proxy-password@proxy.internal:3128",
					"ALIYUN_ECS_CREDENTIALS_ACCESS_KEY_SECRET=relaxed-secret-value")
			.withPropertyValues("aliyun.ecs.http.proxy=http://user:proxy-password@proxy.internal:3128")
			.run((context) -> {
				EnvironmentEndpoint env = context.getBean(EnvironmentEndpoint.class);
				for (String name : List.of("alibabacloud.accessKeyIdSecret", "alibabacloud.sessionToken",
						"ALIBABA_CLOUD_CREDENTIALS_URI", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
						"ALIBABA_CLOUD_SECURITY_TOKEN", "ALIYUN_ECS_HTTP_PROXY", "ALIYUN_ECS_CREDENTIALS_ACCESS_KEY_SECRET",
						"aliyun.ecs.http.proxy")) {
					assertThat(envValue(env, name)).as(name).isEqualTo("******");
				}
				Map<String, Object> http = configprops(context.getBean(ConfigurationPropertiesReportEndpoint.class),
						"http");
				assertThat(http).containsEntry("proxy", "******");
			});
	}

	@Test
	void proxyWithoutPasswordStaysVisible() {
		this.contextRunner.withPropertyValues("aliyun.ecs.http.proxy=http://proxy.internal:3128")
			.run((context) -> assertThat(envValue(context.getBean(EnvironmentEndpoint.class), "aliyun.ecs.http.proxy"))
				.isEqualTo("http://proxy.internal:3128"));
	}

	private static Object envValue(EnvironmentEndpoint endpoint, String name) {
		return endpoint.environmentEntry(name).getProperty().getValue();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> configprops(ConfigurationPropertiesReportEndpoint endpoint) {
		return configprops(endpoint, "credentials");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> configprops(ConfigurationPropertiesReportEndpoint endpoint, String group) {
		var beans = endpoint.configurationProperties().getContexts().values().iterator().next().getBeans();
		var bean = beans.values()
			.stream()
			.filter((descriptor) -> "aliyun.ecs".equals(descriptor.getPrefix()))
			.findFirst()
			.orElseThrow();
		return (Map<String, Object>) bean.getProperties().get(group);
	}

}
