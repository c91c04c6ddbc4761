package io.github.vpcapi.benchmarks;

import javax.net.ssl.X509TrustManager;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import io.github.vpcapi.autoconfigure.AliyunEcsAutoConfiguration;
import io.github.vpcapi.autoconfigure.health.AliyunEcsHealthContributorAutoConfiguration;
import io.github.vpcapi.autoconfigure.metrics.AliyunEcsObservationAutoConfiguration;
import io.github.vpcapi.emulator.EcsEmulator;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The clients compared, all against the same emulator and the same VPC host name.
 */
final class Clients {

	static final String KEY_ID = "bench-key";

	static final String KEY_SECRET = "bench-secret";

	private Clients() {
	}

	static EcsEmulator emulator() {
		return EcsEmulator.builder().accessKey(KEY_ID, KEY_SECRET).start();
	}

	/**
	 * The bare SDK as the source document shows it (a profile, a DefaultAcsClient, the VPC
	 * endpoint on the request), routed through the emulator as a proxy.
	 */
	static IAcsClient bare(EcsEmulator emulator) {
		return bare(emulator.address(), emulator.trustManager());
	}

	static IAcsClient bare(String emulatorAddress, X509TrustManager trustManager) {
		DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou");
		HttpClientConfig config = HttpClientConfig.getDefault();
		config.setProtocolType(ProtocolType.HTTPS);
		config.setHttpsProxy("http://" + emulatorAddress);
		config.setX509TrustManagers(new X509TrustManager[] { trustManager });
		profile.setHttpClientConfig(config);
		return new DefaultAcsClient(profile, new com.aliyuncs.auth.BasicCredentials(KEY_ID, KEY_SECRET));
	}

	static ConfigurableApplicationContext starter(EcsEmulator emulator, boolean metrics) {
		return starter(emulator.address(), emulator.caCertificatePem(), metrics);
	}

	static ConfigurableApplicationContext starter(String emulatorAddress, String caCertificatePem, boolean metrics) {
		return new SpringApplicationBuilder(metrics ? WithMetrics.class : WithoutMetrics.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("spring.main.banner-mode=off", "logging.level.root=warn",
					"logging.level.io.github.vpcapi.emulator=warn", "aliyun.ecs.region=cn-hangzhou",
					"aliyun.ecs.credentials.access-key-id=" + KEY_ID,
					"aliyun.ecs.credentials.access-key-secret=" + KEY_SECRET,
					"aliyun.ecs.http.proxy=http://" + emulatorAddress, "aliyun.ecs.http.ssl-bundle=emulator",
					"spring.ssl.bundle.pem.emulator.truststore.certificate=" + caCertificatePem)
			.run();
	}

	/** Names of the clients compared, in the order of {@link #compared}. */
	static final String[] NAMES = { "bareSdk", "starter", "starterWithMetrics" };

	/**
	 * One {@code DescribeRegions} call through each client compared: the bare SDK names the
	 * VPC endpoint on the request, as the source document does; the starter's clients know it.
	 */
	static Call[] compared(IAcsClient bare, ConfigurableApplicationContext starter,
			ConfigurableApplicationContext starterWithMetrics) {
		IAcsClient starterClient = starter.getBean(IAcsClient.class);
		IAcsClient starterWithMetricsClient = starterWithMetrics.getBean(IAcsClient.class);
		return new Call[] { () -> {
			DescribeRegionsRequest request = new DescribeRegionsRequest();
			request.setSysEndpoint("ecs-vpc.cn-hangzhou.aliyuncs.com");
			return bare.getAcsResponse(request).getRegions().size();
		}, () -> starterClient.getAcsResponse(new DescribeRegionsRequest()).getRegions().size(),
				() -> starterWithMetricsClient.getAcsResponse(new DescribeRegionsRequest()).getRegions().size() };
	}

	/** Makes the call the given number of times and checks every answer. */
	static void run(Call call, int calls) throws Exception {
		long regions = 0;
		for (int i = 0; i < calls; i++) {
			regions += call.regions();
		}
		if (regions != (long) calls * 23) {
			throw new IllegalStateException("Expected 23 regions per answer, got " + regions + " in " + calls);
		}
	}

	@FunctionalInterface
	interface Call {

		/** Returns the number of regions in the answer. */
		int regions() throws Exception;

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, AliyunEcsAutoConfiguration.class,
			AliyunEcsHealthContributorAutoConfiguration.class })
	static class WithoutMetrics {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, AliyunEcsAutoConfiguration.class,
			AliyunEcsHealthContributorAutoConfiguration.class, AliyunEcsObservationAutoConfiguration.class })
	static class WithMetrics {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry(SimpleMeterRegistry meterRegistry) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
			return registry;
		}

	}

}
