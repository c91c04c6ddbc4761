package io.github.vpcapi.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentials;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.InstanceProfileCredentialsProvider;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.HttpClientType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Network;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Protocol;
import io.github.vpcapi.emulator.EcsEmulator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AliyunEcsAutoConfiguration}: wiring, back-off and validation. No test
 * here makes a network call.
 */
class AliyunEcsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AliyunEcsAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("aliyun.ecs.region=cn-hangzhou", "aliyun.ecs.credentials.access-key-id=test-key-id",
				"aliyun.ecs.credentials.access-key-secret=test-secret-value");

	static InvalidAliyunEcsPropertyException invalidProperty(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof InvalidAliyunEcsPropertyException)) {
			failure = failure.getCause();
		}
		assertThat(failure).as("InvalidAliyunEcsPropertyException in the cause chain").isNotNull();
		return (InvalidAliyunEcsPropertyException) failure;
	}

	static HttpClientConfig httpConfig(AssertableApplicationContext context) {
		return context.getBean(DefaultProfile.class).getHttpClientConfig();
	}

	@Test
	void clientIsAutoConfiguredWithVpcEndpointOverHttps() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(IAcsClient.class).hasSingleBean(AliyunEcsEndpoint.class);
			AliyunEcsEndpoint endpoint = context.getBean(AliyunEcsEndpoint.class);
			assertThat(endpoint).isEqualTo(new AliyunEcsEndpoint("cn-hangzhou", Network.VPC, Protocol.HTTPS,
					"ecs-vpc.cn-hangzhou.aliyuncs.com"));
			assertThat(httpConfig(context).getProtocolType()).isEqualTo(ProtocolType.HTTPS);
			assertThat(context.getBean(IAcsClient.class)).isInstanceOf(AliyunEcsAcsClient.class);
		});
	}

	@Test
	void clientUsesItsOwnTransportNotTheSdkSingleton() {
		this.contextRunner.run((context) -> {
			AliyunEcsAcsClient client = (AliyunEcsAcsClient) context.getBean(IAcsClient.class);
			assertThat(client.getHttpClient()).isInstanceOf(AliyunEcsHttpClient.class);
			assertThat(client.getHttpClient().isSingleton()).isFalse();
		});
	}

	@Test
	void vpcNetworkRoutesEveryTableRegionToItsVpcEndpoint() {
		for (AliyunEcsRegions.Region region : AliyunEcsRegions.all()) {
			this.contextRunner.withPropertyValues("aliyun.ecs.region=" + region.id())
				.run((context) -> assertThat(context.getBean(AliyunEcsEndpoint.class).host())
					.isEqualTo("ecs-vpc." + region.id() + ".aliyuncs.com"));
		}
		assertThat(AliyunEcsRegions.all()).hasSize(23);
	}

	@Test
	void publicNetworkUsesTheSdkPublicEndpoint() {
		this.contextRunner.withPropertyValues("aliyun.ecs.network=public").run((context) -> {
			assertThat(context.getBean(AliyunEcsEndpoint.class).host()).isEqualTo("ecs-cn-hangzhou.aliyuncs.com");
		});
		this.contextRunner.withPropertyValues("aliyun.ecs.network=public", "aliyun.ecs.region=cn-beijing")
			.run((context) -> assertThat(context.getBean(AliyunEcsEndpoint.class).host())
				.isEqualTo("ecs.cn-beijing.aliyuncs.com"));
	}

	@Test
	void explicitEndpointWinsOverTheNetworkRule() {
		this.contextRunner
			.withPropertyValues("aliyun.ecs.region=cn-nanjing", "aliyun.ecs.endpoint=ecs-vpc.cn-nanjing.aliyuncs.com:8443",
					"aliyun.ecs.protocol=http")
			.run((context) -> {
				AliyunEcsEndpoint endpoint = context.getBean(AliyunEcsEndpoint.class);
				assertThat(endpoint.host()).isEqualTo("ecs-vpc.cn-nanjing.aliyuncs.com:8443");
				assertThat(endpoint.url()).isEqualTo("http://ecs-vpc.cn-nanjing.aliyuncs.com:8443");
				assertThat(httpConfig(context).getProtocolType()).isEqualTo(ProtocolType.HTTP);
			});
	}

	@Test
	void paddedUpperCaseRegionIsNormalised() {
		this.contextRunner.withPropertyValues("aliyun.ecs.region=  CN-Shanghai ")
			.run((context) -> assertThat(context.getBean(AliyunEcsEndpoint.class).host())
				.isEqualTo("ecs-vpc.cn-shanghai.aliyuncs.com"));
	}

	@Test
	void httpSettingsAreAppliedToTheClientProfile() {
		this.contextRunner
			.withPropertyValues("aliyun.ecs.http.connect-timeout=1500ms", "aliyun.ecs.http.read-timeout=7s",
					"aliyun.ecs.http.max-connections=16", "aliyun.ecs.http.max-idle-time=20s",
					"aliyun.ecs.http.proxy=http://proxy.internal:3128",
					"aliyun.ecs.http.non-proxy-hosts=metadata.internal,*.corp")
			.run((context) -> {
				HttpClientConfig config = httpConfig(context);
				assertThat(config.getConnectionTimeoutMillis()).isEqualTo(1500);
				assertThat(config.getReadTimeoutMillis()).isEqualTo(7000);
				assertThat(config.getMaxRequests()).isEqualTo(16);
				assertThat(config.getMaxRequestsPerHost()).isEqualTo(16);
				assertThat(config.getMaxIdleTimeMillis()).isEqualTo(20000);
				assertThat(config.getHttpsProxy()).isEqualTo("http://proxy.internal:3128");
				assertThat(config.getHttpProxy()).isEqualTo("http://proxy.internal:3128");
				assertThat(config.getNoProxy()).isEqualTo("metadata.internal,*.corp");
			});
	}

	@Test
	void defaultsMatchTheSdkDefaults() {
		HttpClientConfig sdk = HttpClientConfig.getDefault();
		AliyunEcsProperties.Http http = new AliyunEcsProperties().getHttp();
		assertThat(http.getConnectTimeout().toMillis()).isEqualTo(HttpClientConfig.DEFAULT_CONNECTION_TIMEOUT);
		assertThat(http.getReadTimeout().toMillis()).isEqualTo(HttpClientConfig.DEFAULT_READ_TIMEOUT);
		assertThat(http.getMaxConnections()).isEqualTo(sdk.getMaxRequests());
		assertThat(http.getMaxIdleTime().toMillis()).isEqualTo(sdk.getMaxIdleTimeMillis());
		// Where we differ from the SDK, on purpose: HTTPS and the VPC network.
		assertThat(sdk.getProtocolType()).isEqualTo(ProtocolType.HTTP);
		assertThat(new AliyunEcsProperties().getProtocol()).isEqualTo(Protocol.HTTPS);
		assertThat(new AliyunEcsProperties().getNetwork()).isEqualTo(Network.VPC);
	}

	@Test
	void autoConfigurationIsSwitchedOffByProperty() {
		this.contextRunner.withPropertyValues("aliyun.ecs.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IAcsClient.class));
	}

	@Test
	void autoConfigurationBacksOffWithoutTheSdk() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("com.aliyuncs.DefaultAcsClient"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(AliyunEcsEndpoint.class));
	}

	@Test
	void customizersRunInOrderBeforeTheClientIsBuilt() {
		this.contextRunner.withUserConfiguration(CustomizerConfiguration.class).run((context) -> {
			assertThat(context.getBean("calls", List.class)).containsExactly("first", "second");
			assertThat(httpConfig(context).getReadTimeoutMillis()).isEqualTo(4242);
		});
	}

	@Test
	void customizerCannotDisableCertificateVerification() {
		this.contextRunner.withBean(AliyunEcsClientCustomizer.class,
				() -> (profile) -> profile.getHttpClientConfig().setIgnoreSSLCerts(true))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("cannot be disabled");
			});
	}

	@Test
	void noNetworkCallAtStartup() {
		// A listening proxy on loopback that counts connections, so that even a call whose
		// failure is swallowed, or a connection opened ahead of the first call, is seen.
		try (EcsEmulator emulator = EcsEmulator.builder()
			.accessKey(EmulatorSupport.KEY_ID, EmulatorSupport.KEY_SECRET)
			.start()) {
			EmulatorSupport.runner(emulator).run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(IAcsClient.class);
				assertThat(emulator.acceptedConnections()).isZero();
				assertThat(emulator.requestCount()).isZero();
			});
		}
	}

	@Nested
	class BackOff {

		@Test
		void userCredentialsProviderIsUsed() {
			AlibabaCloudCredentialsProvider provider = () -> new BasicCredentials("user-id", "user-secret");
			AliyunEcsAutoConfigurationTests.this.contextRunner
				.withBean(AlibabaCloudCredentialsProvider.class, () -> provider)
				.run((context) -> {
					assertThat(context).getBean(AlibabaCloudCredentialsProvider.class).isSameAs(provider);
					AliyunEcsAcsClient client = (AliyunEcsAcsClient) context.getBean(IAcsClient.class);
					assertThat(((RequiredCredentialsProvider) client.getCredentialsProvider()).getDelegate())
						.isSameAs(provider);
				});
		}

		@Test
		void userProfileIsUsed() {
			DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou");
			AliyunEcsAutoConfigurationTests.this.contextRunner
				.withBean("aliyunEcsClientProfile", DefaultProfile.class, () -> profile)
				.run((context) -> assertThat(((AliyunEcsAcsClient) context.getBean(IAcsClient.class)).getProfile())
					.isSameAs(profile));
		}

		@Test
		void profileBuiltForAnotherClientIsNeitherUsedNorChanged() {
			DefaultProfile slb = DefaultProfile.getProfile("cn-beijing");
			AliyunEcsAutoConfigurationTests.this.contextRunner.withBean("slbProfile", DefaultProfile.class, () -> slb)
				.withBean("slbClient", ProfileUser.class)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					// The application's own profile is still the one injected by type.
					assertThat(context.getBean(ProfileUser.class).profile).isSameAs(slb);
					DefaultProfile ours = (DefaultProfile) ((AliyunEcsAcsClient) context.getBean(IAcsClient.class))
						.getProfile();
					assertThat(ours).isNotSameAs(slb);
					assertThat(ours.getRegionId()).isEqualTo("cn-hangzhou");
					assertThat(slb.getHttpClientConfig().getClientType()).isNotEqualTo(HttpClientType.Custom);
				});
		}

		@Test
		void userProfileForAnotherRegionFailsWithTheFix() {
			AliyunEcsAutoConfigurationTests.this.contextRunner
				.withBean("aliyunEcsClientProfile", DefaultProfile.class, () -> DefaultProfile.getProfile("cn-beijing"))
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidAliyunEcsPropertyException.class)
					.hasMessageContaining("aliyun.ecs.region")
					.hasMessageContaining("is for region 'cn-beijing'"));
		}

		@Test
		void userProfileAndCustomizersCannotTurnOffHttpsNorTracingIsolation() {
			DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou");
			AliyunEcsAutoConfigurationTests.this.contextRunner
				.withBean("aliyunEcsClientProfile", DefaultProfile.class, () -> profile)
				.withBean(AliyunEcsClientCustomizer.class, () -> (p) -> {
					p.getHttpClientConfig().setProtocolType(ProtocolType.HTTP);
					p.setCloseTrace(false);
				})
				.run((context) -> {
					assertThat(profile.getHttpClientConfig().getProtocolType()).isEqualTo(ProtocolType.HTTPS);
					assertThat(profile.isCloseTrace()).isTrue();
				});
		}

		@Test
		void userClientIsUsed() throws Exception {
			IAcsClient client = new com.aliyuncs.DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou"),
					new BasicCredentials("a", "b"));
			AliyunEcsAutoConfigurationTests.this.contextRunner.withBean(IAcsClient.class, () -> client)
				.run((context) -> assertThat(context).getBean(IAcsClient.class).isSameAs(client));
		}

		@Test
		void userEndpointIsUsed() {
			AliyunEcsEndpoint endpoint = new AliyunEcsEndpoint("cn-hangzhou", Network.VPC, Protocol.HTTPS,
					"ecs-vpc.cn-hangzhou.aliyuncs.com:8443");
			AliyunEcsAutoConfigurationTests.this.contextRunner.withBean(AliyunEcsEndpoint.class, () -> endpoint)
				.run((context) -> assertThat(((AliyunEcsAcsClient) context.getBean(IAcsClient.class)).getEndpoint())
					.isSameAs(endpoint));
		}

	}

	@Nested
	class Credentials {

		private final ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AliyunEcsAutoConfiguration.class))
			.withPropertyValues("aliyun.ecs.region=cn-hangzhou");

		private AlibabaCloudCredentials credentials(AssertableApplicationContext context) throws Exception {
			return context.getBean(AlibabaCloudCredentialsProvider.class).getCredentials();
		}

		@Test
		void accessKeyPairGivesStaticCredentials() {
			this.runner
				.withPropertyValues("aliyun.ecs.credentials.access-key-id= id-1 ",
						"aliyun.ecs.credentials.access-key-secret=secret-1")
				.run((context) -> {
					assertThat(context.getBean(AlibabaCloudCredentialsProvider.class))
						.isInstanceOf(StaticCredentialsProvider.class);
					AlibabaCloudCredentials credentials = credentials(context);
					assertThat(credentials).isExactlyInstanceOf(BasicCredentials.class);
					assertThat(credentials.getAccessKeyId()).isEqualTo("id-1");
				});
		}

		@Test
		void securityTokenGivesSessionCredentials() {
			this.runner
				.withPropertyValues("aliyun.ecs.credentials.access-key-id=STS.id",
						"aliyun.ecs.credentials.access-key-secret=secret-1",
						"aliyun.ecs.credentials.security-token=token-1")
				.run((context) -> assertThat(((BasicSessionCredentials) credentials(context)).getSessionToken())
					.isEqualTo("token-1"));
		}

		@Test
		void ramRoleNameUsesTheInstanceProfile() {
			this.runner.withPropertyValues("aliyun.ecs.credentials.ram-role-name=my-role")
				.run((context) -> assertThat(context.getBean(AlibabaCloudCredentialsProvider.class))
					.isInstanceOf(InstanceProfileCredentialsProvider.class));
		}

		@Test
		void noCredentialsPropertiesUseTheDefaultChain() {
			this.runner.run((context) -> assertThat(context.getBean(AlibabaCloudCredentialsProvider.class))
				.isInstanceOf(AliyunEcsDefaultCredentialsProvider.class));
		}

		@Test
		void accessKeyIdWithoutSecretFails() {
			this.runner.withPropertyValues("aliyun.ecs.credentials.access-key-id=id-1").run((context) -> {
				InvalidAliyunEcsPropertyException ex = invalidProperty(context);
				assertThat(ex.getProperty()).isEqualTo("aliyun.ecs.credentials.access-key-secret");
				assertThat(ex.getAction()).contains("aliyun.ecs.credentials.access-key-secret");
			});
		}

		@Test
		void secretWithoutAccessKeyIdFailsWithoutShowingTheSecret() {
			this.runner.withPropertyValues("aliyun.ecs.credentials.access-key-secret=very-secret-value")
				.run((context) -> {
					InvalidAliyunEcsPropertyException ex = invalidProperty(context);
					assertThat(ex.getProperty()).isEqualTo("aliyun.ecs.credentials.access-key-id");
					assertThat(ex.getValue()).isNull();
					assertThat(ex.getMessage() + ex.getAction()).doesNotContain("very-secret-value");
				});
		}

		@Test
		void tokenWithoutKeyPairFails() {
			this.runner.withPropertyValues("aliyun.ecs.credentials.security-token=token-value")
				.run((context) -> {
					InvalidAliyunEcsPropertyException ex = invalidProperty(context);
					assertThat(ex.getProperty()).isEqualTo("aliyun.ecs.credentials.security-token");
					assertThat(ex.getValue()).isNull();
				});
		}

		@Test
		void keyPairAndRamRoleTogetherFail() {
			this.runner
				.withPropertyValues("aliyun.ecs.credentials.access-key-id=id-1",
						"aliyun.ecs.credentials.access-key-secret=secret-1",
						"aliyun.ecs.credentials.ram-role-name=role")
				.run((context) -> assertThat(invalidProperty(context).getProperty())
					.isEqualTo("aliyun.ecs.credentials.ram-role-name"));
		}

		@Test
		void blankCredentialsAreTreatedAsAbsent() {
			this.runner
				.withPropertyValues("aliyun.ecs.credentials.access-key-id= ",
						"aliyun.ecs.credentials.access-key-secret=")
				.run((context) -> assertThat(context.getBean(AlibabaCloudCredentialsProvider.class))
					.isInstanceOf(AliyunEcsDefaultCredentialsProvider.class));
		}

	}

	@Nested
	class Validation {

		@Test
		void regionIsRequired() {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AliyunEcsAutoConfiguration.class))
				.run((context) -> {
					InvalidAliyunEcsPropertyException ex = invalidProperty(context);
					assertThat(ex.getProperty()).isEqualTo("aliyun.ecs.region");
					assertThat(ex.getAction()).contains("cn-hangzhou").contains("me-east-1");
				});
		}

		@Test
		void blankRegionIsRejected() {
			AliyunEcsAutoConfigurationTests.this.contextRunner.withPropertyValues("aliyun.ecs.region=   ")
				.run((context) -> assertThat(invalidProperty(context).getReason()).contains("required"));
		}

		@Test
		void regionOutsideTheTableOnThePublicNetworkIsNotCalledAVpcProblem() {
			AliyunEcsAutoConfigurationTests.this.contextRunner
				.withPropertyValues("aliyun.ecs.region=cn-nanjing", "aliyun.ecs.network=public")
				.run((context) -> {
					InvalidAliyunEcsPropertyException ex = invalidProperty(context);
					assertThat(ex.getReason()).isEqualTo("'cn-nanjing' is not one of the regions this starter supports");
					assertThat(ex.getAction()).contains("ecs.cn-nanjing.aliyuncs.com").doesNotContain("ecs-vpc.");
				});
		}

		@Test
		void regionOutsideTheTableNeedsAnEndpoint() {
			AliyunEcsAutoConfigurationTests.this.contextRunner.withPropertyValues("aliyun.ecs.region=cn-nanjing")
				.run((context) -> {
					InvalidAliyunEcsPropertyException ex = invalidProperty(context);
					assertThat(ex.getProperty()).isEqualTo("aliyun.ecs.region");
					assertThat(ex.getValue()).isEqualTo("cn-nanjing");
					assertThat(ex.getAction()).contains("aliyun.ecs.endpoint")
						.contains("ecs-vpc.cn-nanjing.aliyuncs.com")
						.contains(AliyunEcsPropertiesValidator.supportedRegions());
				});
		}

		@Test
		void malformedRegionIsRejected() {
			AliyunEcsAutoConfigurationTests.this.contextRunner.withPropertyValues("aliyun.ecs.region=cn_hangzhou!")
				.run((context) -> assertThat(invalidProperty(context).getProperty()).isEqualTo("aliyun.ecs.region"));
		}

		@ParameterizedTest
		@ValueSource(strings = { "https://ecs-vpc.cn-hangzhou.aliyuncs.com", "ecs-vpc.cn-hangzhou.aliyuncs.com/path",
				"ecs-vpc.cn-hangzhou .aliyuncs.com", "ecs-vpc.cn-hangzhou.aliyuncs.com:0",
				"ecs-vpc.cn-hangzhou.aliyuncs.com:99999", "user@ecs-vpc.cn-hangzhou.aliyuncs.com", "-bad-.host" })
		void malformedEndpointIsRejected(String endpoint) {
			AliyunEcsAutoConfigurationTests.this.contextRunner.withPropertyValues("aliyun.ecs.endpoint=" + endpoint)
				.run((context) -> {
					InvalidAliyunEcsPropertyException ex = invalidProperty(context);
					assertThat(ex.getProperty()).isEqualTo("aliyun.ecs.endpoint");
					assertThat(ex.getAction()).contains("host[:port]");
				});
		}

		@Test
		void paddedEndpointIsTrimmed() {
			AliyunEcsAutoConfigurationTests.this.contextRunner
				.withPropertyValues("aliyun.ecs.endpoint=  ecs-vpc.cn-hangzhou.aliyuncs.com  ")
				.run((context) -> assertThat(context.getBean(AliyunEcsEndpoint.class).host())
					.isEqualTo("ecs-vpc.cn-hangzhou.aliyuncs.com"));
		}

		@ParameterizedTest
		@ValueSource(strings = { "aliyun.ecs.http.connect-timeout=0s", "aliyun.ecs.http.read-timeout=-1s",
				"aliyun.ecs.http.max-idle-time=0ms", "aliyun.ecs.http.max-connections=0",
				"aliyun.ecs.retry.max-attempts=0", "aliyun.ecs.retry.base-delay=0s",
				"aliyun.ecs.http.proxy=socks://proxy:1080" })
		void nonPositiveSettingsAreRejected(String property) {
			AliyunEcsAutoConfigurationTests.this.contextRunner.withPropertyValues(property)
				.run((context) -> assertThat(invalidProperty(context).getProperty())
					.isEqualTo(property.substring(0, property.indexOf('='))));
		}

		@Test
		void proxyPasswordIsNotShown() {
			AliyunEcsAutoConfigurationTests.this.contextRunner
				.withPropertyValues("aliyun.ecs.http.proxy=ftp://user:proxy-password@proxy:21")
				.run((context) -> assertThat(invalidProperty(context).getValue()).doesNotContain("proxy-password")
					.contains("******"));
		}

		@Test
		void missingSslBundleIsRejected() {
			AliyunEcsAutoConfigurationTests.this.contextRunner.withPropertyValues("aliyun.ecs.http.ssl-bundle=nope")
				.run((context) -> {
					InvalidAliyunEcsPropertyException ex = invalidProperty(context);
					assertThat(ex.getProperty()).isEqualTo("aliyun.ecs.http.ssl-bundle");
					assertThat(ex.getAction()).contains("spring.ssl.bundle.pem.nope");
				});
		}

		@Test
		void unknownNetworkFailsBinding() {
			AliyunEcsAutoConfigurationTests.this.contextRunner.withPropertyValues("aliyun.ecs.network=internal")
				.run((context) -> assertThat(context).hasFailed());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		private final List<String> calls = new ArrayList<>();

		@Bean
		List<String> calls() {
			return this.calls;
		}

		@Bean
		@Order(2)
		AliyunEcsClientCustomizer second() {
			return (profile) -> {
				this.calls.add("second");
				profile.getHttpClientConfig().setReadTimeoutMillis(4242);
			};
		}

		@Bean
		@Order(1)
		AliyunEcsClientCustomizer first() {
			return (profile) -> {
				this.calls.add("first");
				profile.getHttpClientConfig().setReadTimeoutMillis(1);
			};
		}

	}

	static class ProfileUser {

		final DefaultProfile profile;

		ProfileUser(DefaultProfile profile) {
			this.profile = profile;
		}

	}

}
