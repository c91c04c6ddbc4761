package io.github.vpcapi.autoconfigure;

import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.DefaultCredentialsProvider;
import com.aliyuncs.auth.InstanceProfileCredentialsProvider;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.HttpClientType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Http;
import io.github.vpcapi.autoconfigure.AliyunEcsPropertiesValidator.CredentialsSettings;

import org.springframework.beans.factory.ObjectProvider;
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
	AlibabaCloudCredentialsProvider aliyunEcsCredentialsProvider(AliyunEcsProperties properties) throws ClientException {
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
		return new DefaultCredentialsProvider();
	}

	@Bean
	@ConditionalOnMissingBean
	DefaultProfile aliyunEcsClientProfile(AliyunEcsProperties properties, AliyunEcsEndpoint endpoint,
			ObjectProvider<SslBundles> sslBundles) {
		Http http = properties.getHttp();
		AliyunEcsPropertiesValidator.http(http);
		// getProfile(region) is the one factory method that does not replace the SDK's static profile.
		DefaultProfile profile = DefaultProfile.getProfile(endpoint.regionId());
		// The SDK would otherwise report every call to the JVM-global OpenTracing tracer.
		profile.setCloseTrace(true);
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
	IAcsClient aliyunEcsClient(DefaultProfile aliyunEcsClientProfile, AlibabaCloudCredentialsProvider credentialsProvider,
			AliyunEcsEndpoint endpoint, AliyunEcsProperties properties,
			ObjectProvider<AliyunEcsClientCustomizer> customizers) {
		AliyunEcsPropertiesValidator.retry(properties.getRetry());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(aliyunEcsClientProfile));
		HttpClientConfig config = aliyunEcsClientProfile.getHttpClientConfig();
		// Our own per-client transport: the SDK's default one is a JVM-wide singleton.
		config.setCompatibleMode(false);
		config.setClientType(HttpClientType.Custom);
		config.setCustomClientClassName(AliyunEcsHttpClient.class.getName());
		return new AliyunEcsAcsClient(aliyunEcsClientProfile, new RequiredCredentialsProvider(credentialsProvider),
				endpoint, properties.getRetry());
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

		private static boolean isSecret(SanitizableData data) {
			String key = data.getLowerCaseKey().replace("-", "").replace("_", "");
			return key.endsWith("accesskeysecret") || key.endsWith("securitytoken")
					|| (key.endsWith("aliyun.ecs.http.proxy") || key.equals("proxy")) && hasUserInfo(data.getValue());
		}

		private static boolean hasUserInfo(Object value) {
			return value != null && value.toString().toLowerCase(Locale.ROOT).matches("[a-z]+://[^/]*@.*");
		}

	}

}
