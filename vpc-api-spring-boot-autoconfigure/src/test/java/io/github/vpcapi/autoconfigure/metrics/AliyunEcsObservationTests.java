package io.github.vpcapi.autoconfigure.metrics;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.exceptions.ClientException;
import io.github.vpcapi.autoconfigure.EmulatorSupport;
import io.github.vpcapi.emulator.EcsEmulatorExtension;
import io.github.vpcapi.emulator.Fault;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every call through the auto-configured client is recorded, with bounded tags.
 */
class AliyunEcsObservationTests {

	@RegisterExtension
	static final EcsEmulatorExtension ecs = EcsEmulatorExtension.withAccessKey(EmulatorSupport.KEY_ID,
			EmulatorSupport.KEY_SECRET);

	private ApplicationContextRunner runner() {
		return EmulatorSupport.runner(ecs.emulator())
			.withConfiguration(AutoConfigurations.of(AliyunEcsObservationAutoConfiguration.class))
			.withUserConfiguration(ObservationConfiguration.class)
			.withPropertyValues("aliyun.ecs.retry.max-attempts=1");
	}

	private static Timer timer(MeterRegistry registry, String outcome) {
		return registry.find(ObservedAcsClient.NAME).tag("outcome", outcome).timer();
	}

	@Test
	void successfulCallsAreTimedWithBoundedTags() {
		runner().run((context) -> {
			IAcsClient client = context.getBean(IAcsClient.class);
			client.getAcsResponse(new DescribeRegionsRequest());
			client.getAcsResponse(new DescribeRegionsRequest());
			client.getAcsResponse(new DescribeInstancesRequest());
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Timer regions = registry.find(ObservedAcsClient.NAME)
				.tags("action", "DescribeRegions", "region", "cn-hangzhou", "network", "vpc", "outcome", "success",
						"error.code", "none")
				.timer();
			assertThat(regions).isNotNull();
			assertThat(regions.count()).isEqualTo(2);
			assertThat(registry.find(ObservedAcsClient.NAME).tag("action", "DescribeInstances").timer().count())
				.isEqualTo(1);
			assertThat(registry.find(ObservedAcsClient.NAME).timers())
				.allSatisfy((timer) -> assertThat(timer.getId().getTags()).noneMatch((tag) -> tag.getKey()
					.toLowerCase()
					.contains("request")));
		});
	}

	@Test
	void failuresAreTaggedByOutcomeAndCode() {
		runner().run((context) -> {
			IAcsClient client = context.getBean(IAcsClient.class);
			ecs.emulator().inject(Fault.throttling().times(1));
			ecs.emulator().inject("DescribeInstances", Fault.serviceUnavailable().times(1));
			assertThatExceptionOfType(ClientException.class)
				.isThrownBy(() -> client.getAcsResponse(new DescribeRegionsRequest()));
			assertThatExceptionOfType(ClientException.class)
				.isThrownBy(() -> client.getAcsResponse(new DescribeInstancesRequest()));
			ecs.emulator().inject(Fault.connectionReset().times(1));
			assertThatExceptionOfType(ClientException.class)
				.isThrownBy(() -> client.getAcsResponse(new DescribeRegionsRequest()));
			DescribeRegionsRequest otherRegion = new DescribeRegionsRequest();
			otherRegion.setSysRegionId("cn-beijing");
			assertThatExceptionOfType(ClientException.class).isThrownBy(() -> client.getAcsResponse(otherRegion));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(timer(registry, "throttled").getId().getTag("error.code")).isEqualTo("Throttling.User");
			assertThat(timer(registry, "server_error").getId().getTag("error.code")).isEqualTo("ServiceUnavailable");
			assertThat(timer(registry, "io_error").getId().getTag("error.code")).isEqualTo("SDK.ServerUnreachable");
			assertThat(timer(registry, "client_error").getId().getTag("error.code"))
				.isEqualTo("VpcApi.CrossRegionRequest");
		});
	}

	@Test
	void switchedOffByProperty() {
		runner().withPropertyValues("aliyun.ecs.metrics.enabled=false").run((context) -> {
			assertThat(context.getBean(IAcsClient.class)).isNotInstanceOf(ObservedAcsClient.class);
		});
	}

	@Test
	void starterWorksWithoutMicrometer() {
		// No ObservationConfiguration: without Micrometer, an application has no registry either.
		EmulatorSupport.runner(ecs.emulator())
			.withConfiguration(AutoConfigurations.of(AliyunEcsObservationAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean("aliyunEcsClientObservationPostProcessor");
				IAcsClient client = context.getBean(IAcsClient.class);
				assertThat(client).isNotInstanceOf(ObservedAcsClient.class);
				assertThat(client.getAcsResponse(new DescribeRegionsRequest()).getRegions()).isNotEmpty();
			});
	}

	@Test
	void clientIsNotWrappedWithoutAnObservationRegistry() {
		EmulatorSupport.runner(ecs.emulator())
			.withConfiguration(AutoConfigurations.of(AliyunEcsObservationAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("aliyunEcsClientObservationPostProcessor");
				assertThat(context.getBean(IAcsClient.class)).isNotInstanceOf(ObservedAcsClient.class);
			});
	}

	@Test
	void clientIsStillClosedOnShutdown() {
		IAcsClient[] client = new IAcsClient[1];
		runner().run((context) -> client[0] = context.getBean(IAcsClient.class));
		assertThat(client[0]).isInstanceOf(ObservedAcsClient.class);
		assertThat(((com.aliyuncs.DefaultAcsClient) ((ObservedAcsClient) client[0]).getDelegate()).getHttpClient())
			.isNull();
	}

	@Configuration(proxyBeanMethods = false)
	static class ObservationConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meterRegistry) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
			return registry;
		}

	}

}
