package io.github.vpcapi.autoconfigure;

import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.InstanceProfileCredentialsProvider;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.HttpClientType;
import com.aliyuncs.http.HttpUtil;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Http;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Network;
import io.github.vpcapi.autoconfigure.AliyunEcsPropertiesValidator.CredentialsSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration for an Alibaba Cloud ECS {@link IAcsClient} that calls the region's
 * VPC endpoint.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(DefaultAcsClient.class)
@ConditionalOnBooleanProperty(name = "aliyun.ecs.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AliyunEcsProperties.class)
public final class AliyunEcsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AliyunEcsEndpoint aliyunEcsEndpoint(AliyunEcsProperties properties) {
		return AliyunEcsPropertiesValidator.endpoint(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	AlibabaCloudCredentialsProvider aliyunEcsCredentialsProvider(AliyunEcsProperties properties,
			AliyunEcsEndpoint endpoint) throws ClientException {
		CredentialsSettings settings = AliyunEcsPropertiesValidator.credentials(properties);
		if (settings.accessKeyId() != null) {
			return new StaticCredentialsProvider((settings.securityToken() != null)
					? new BasicSessionCredentials(settings.accessKeyId(), settings.accessKeySecret(),
							settings.securityToken())
					: new BasicCredentials(settings.accessKeyId(), settings.accessKeySecret()));
		}
		if (settings.ramRoleName() != null) {
			return new InstanceProfileCredentialsProvider(settings.ramRoleName());
		}
		return new AliyunEcsDefaultCredentialsProvider(endpoint.regionId(), endpoint.network() == Network.VPC);
	}

	// By name: a DefaultProfile the application builds for another product or region is not
	// ours, and ours is no candidate where the application injects its own by type.
	@Bean(defaultCandidate = false)
	@ConditionalOnMissingBean(name = "aliyunEcsClientProfile")
	DefaultProfile aliyunEcsClientProfile(AliyunEcsProperties properties, AliyunEcsEndpoint endpoint,
			ObjectProvider<SslBundles> sslBundles) {
		Http http = properties.getHttp();
		AliyunEcsPropertiesValidator.http(http);
		// getProfile(region) is the one factory method that does not replace the SDK's static profile.
		DefaultProfile profile = DefaultProfile.getProfile(endpoint.regionId());
		HttpClientConfig config = HttpClientConfig.getDefault();
		config.setProtocolType(ProtocolType.valueOf(endpoint.protocol().name()));
		config.setConnectionTimeoutMillis(http.getConnectTimeout().toMillis());
		config.setReadTimeoutMillis(http.getReadTimeout().toMillis());
		config.setMaxRequests(http.getMaxConnections());
		config.setMaxRequestsPerHost(http.getMaxConnections());
		config.setMaxIdleTimeMillis(http.getMaxIdleTime().toMillis());
		if (http.getProxy() != null) {
			config.setHttpProxy(http.getProxy().toString());
			config.setHttpsProxy(http.getProxy().toString());
		}
		if (!http.getNonProxyHosts().isEmpty()) {
			config.setNoProxy(String.join(",", http.getNonProxyHosts()));
		}
		if (org.springframework.util.StringUtils.hasText(http.getSslBundle())) {
			applySslBundle(config, http.getSslBundle(), sslBundles.getIfAvailable());
		}
		profile.setHttpClientConfig(config);
		return profile;
	}

	private static void applySslBundle(HttpClientConfig config, String name, SslBundles sslBundles) {
		String property = "aliyun.ecs.http.ssl-bundle";
		String action = "Define the bundle under spring.ssl.bundle.pem." + name + " (or spring.ssl.bundle.jks." + name
				+ "), or remove " + property + ".";
		if (sslBundles == null) {
			throw new InvalidAliyunEcsPropertyException(property, name, "no SSL bundles are configured", action);
		}
		SslBundle bundle;
		try {
			bundle = sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidAliyunEcsPropertyException(property, name, "there is no SSL bundle named '" + name + "'",
					action);
		}
		config.setX509TrustManagers(Arrays.stream(bundle.getManagers().getTrustManagers())
			.filter(javax.net.ssl.X509TrustManager.class::isInstance)
			.map(javax.net.ssl.X509TrustManager.class::cast)
			.toArray(javax.net.ssl.X509TrustManager[]::new));
		config.setKeyManagers(bundle.getManagers().getKeyManagers());
	}

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean
	IAcsClient aliyunEcsClient(@Qualifier("aliyunEcsClientProfile") DefaultProfile aliyunEcsClientProfile,
			AlibabaCloudCredentialsProvider credentialsProvider, AliyunEcsEndpoint endpoint,
			AliyunEcsProperties properties, ObjectProvider<AliyunEcsClientCustomizer> customizers) {
		AliyunEcsPropertiesValidator.retry(properties.getRetry());
		if (!endpoint.regionId().equals(aliyunEcsClientProfile.getRegionId())) {
			throw new InvalidAliyunEcsPropertyException("aliyun.ecs.region", endpoint.regionId(),
					"the DefaultProfile bean 'aliyunEcsClientProfile' is for region '"
							+ aliyunEcsClientProfile.getRegionId() + "'",
					"Build the profile with DefaultProfile.getProfile(\"" + endpoint.regionId()
							+ "\"), or set aliyun.ecs.region to the profile's region.");
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(aliyunEcsClientProfile));
		// After the customizers, as these are guarantees rather than settings: the SDK would
		// otherwise report every call to the JVM-global OpenTracing tracer, and the protocol is
		// aliyun.ecs.protocol's, whatever a customizer or a profile bean of the user's says.
		aliyunEcsClientProfile.setCloseTrace(true);
		requireNoSdkRequestLogging(aliyunEcsClientProfile);
		HttpClientConfig config = aliyunEcsClientProfile.getHttpClientConfig();
		config.setProtocolType(ProtocolType.valueOf(endpoint.protocol().name()));
		// Our own per-client transport: the SDK's default one is a JVM-wide singleton.
		config.setCompatibleMode(false);
		config.setClientType(HttpClientType.Custom);
		config.setCustomClientClassName(AliyunEcsHttpClient.class.getName());
		return new AliyunEcsAcsClient(aliyunEcsClientProfile, new RequiredCredentialsProvider(credentialsProvider),
				endpoint, properties.getRetry());
	}

	// Both SDK switches write the signed URL of every request, with the STS token in it.
	private static void requireNoSdkRequestLogging(DefaultProfile profile) {
		if (Boolean.TRUE.equals(HttpUtil.getIsHttpDebug())) {
			throw new InvalidAliyunEcsPropertyException("DEBUG (environment variable)", System.getenv("DEBUG"),
					AliyunEcsAcsClient.SDK_HTTP_DEBUG_REASON, AliyunEcsAcsClient.SDK_HTTP_DEBUG_ACTION);
		}
		if (profile.getLogger() != null) {
			throw new InvalidAliyunEcsPropertyException("aliyunEcsClientProfile (DefaultProfile.setLogger)", null,
					AliyunEcsAcsClient.SDK_LOGGER_REASON, AliyunEcsAcsClient.SDK_LOGGER_ACTION);
		}
	}

	@Bean
	@ConditionalOnBooleanProperty("aliyun.ecs.verify-on-startup")
	AliyunEcsStartupVerifier aliyunEcsStartupVerifier(IAcsClient client, AliyunEcsEndpoint endpoint,
			AliyunEcsProperties properties) {
		AliyunEcsPropertiesValidator.requirePositive("aliyun.ecs.health.timeout", properties.getHealth().getTimeout());
		return new AliyunEcsStartupVerifier(
				new AliyunEcsCheck(client, endpoint, properties.getHealth().getTimeout(), Clock.systemUTC()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class AliyunEcsSanitizingConfiguration {

		@Bean
		SanitizingFunction aliyunEcsSanitizingFunction() {
			return (data) -> isSecret(data) ? data.withValue(SanitizableData.SANITIZED_VALUE) : data;
		}

		// Keys in every form they come in: properties, relaxed environment variables, the
		// SDK's own system properties (alibabacloud.accessKeyIdSecret, alibabacloud.sessionToken)
		// and variables (ALIBABA_CLOUD_CREDENTIALS_URI may carry a token in its query).
		private static boolean isSecret(SanitizableData data) {
			String key = data.getLowerCaseKey().replace("-", "").replace("_", "").replace(".", "");
			return key.endsWith("accesskeysecret") || key.endsWith("accesskeyidsecret") || key.endsWith("securitytoken")
					|| key.endsWith("sessiontoken") || key.endsWith("credentialsuri")
					|| (key.endsWith("aliyunecshttpproxy") || key.equals("proxy")) && hasUserInfo(data.getValue());
		}

		private static boolean hasUserInfo(Object value) {
			return value != null && value.toString().toLowerCase(Locale.ROOT).matches("[a-z]+://[^/]*@.*");
		}

	}

}
