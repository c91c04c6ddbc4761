package io.github.vpcapi.sample;

import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.X509TrustManager;

import io.github.vpcapi.autoconfigure.AliyunEcsClientCustomizer;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties;
import io.github.vpcapi.emulator.EcsEmulator;
import io.github.vpcapi.emulator.EcsInstance;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The {@code local} profile: the ECS emulator runs inside the application, and the client
 * reaches it as its HTTPS proxy, so that requests still target the real VPC host name
 * {@code ecs-vpc.<region>.aliyuncs.com} and the emulator sees it. Nothing here is needed on
 * a real ECS instance.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
class LocalEmulatorConfiguration {

	@Bean(destroyMethod = "close")
	EcsEmulator ecsEmulator(AliyunEcsProperties properties) {
		AliyunEcsProperties.Credentials credentials = properties.getCredentials();
		String region = properties.getRegion().trim();
		List<EcsInstance> instances = new ArrayList<>();
		for (int i = 1; i <= 12; i++) {
			instances.add(EcsInstance.of(String.format("i-local%04d", i), region));
		}
		instances.add(EcsInstance.of("i-elsewhere01", "cn-beijing".equals(region) ? "cn-shanghai" : "cn-beijing"));
		return EcsEmulator.builder()
			.accessKey(credentials.getAccessKeyId(), credentials.getAccessKeySecret())
			.instances(instances)
			.start();
	}

	@Bean
	AliyunEcsClientCustomizer routeThroughEmulator(EcsEmulator ecsEmulator) {
		return (profile) -> {
			profile.getHttpClientConfig().setHttpsProxy("http://" + ecsEmulator.address());
			profile.getHttpClientConfig().setHttpProxy("http://" + ecsEmulator.address());
			profile.getHttpClientConfig().setX509TrustManagers(new X509TrustManager[] { ecsEmulator.trustManager() });
		};
	}

}
