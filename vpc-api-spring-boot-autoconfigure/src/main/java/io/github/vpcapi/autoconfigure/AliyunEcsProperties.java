package io.github.vpcapi.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the Alibaba Cloud ECS client.
 */
@ConfigurationProperties("aliyun.ecs")
public class AliyunEcsProperties {

	/**
	 * Whether to auto-configure the ECS client.
	 */
	private boolean enabled = true;

	/**
	 * Region of the ECS resources to manage, such as cn-hangzhou. A VPC endpoint serves
	 * only its own region.
	 */
	private String region;

	/**
	 * Network through which the ECS OpenAPI is called.
	 */
	private Network network = Network.VPC;

	/**
	 * Explicit endpoint as host[:port], without scheme or path. Wins over the network
	 * rule; the way to reach a region the supported table does not list.
	 */
	private String endpoint;

	/**
	 * Protocol used to call the endpoint.
	 */
	private Protocol protocol = Protocol.HTTPS;

	/**
	 * Whether to call DescribeRegions during startup and stop the application when the
	 * endpoint or the credentials do not work.
	 */
	private boolean verifyOnStartup = false;

	private final Credentials credentials = new Credentials();

	private final Http http = new Http();

	private final Retry retry = new Retry();

	private final Health health = new Health();

	private final Metrics metrics = new Metrics();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getRegion() {
		return this.region;
	}

	public void setRegion(String region) {
		this.region = region;
	}

	public Network getNetwork() {
		return this.network;
	}

	public void setNetwork(Network network) {
		this.network = network;
	}

	public String getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(String endpoint) {
		this.endpoint = endpoint;
	}

	public Protocol getProtocol() {
		return this.protocol;
	}

	public void setProtocol(Protocol protocol) {
		this.protocol = protocol;
	}

	public boolean isVerifyOnStartup() {
		return this.verifyOnStartup;
	}

	public void setVerifyOnStartup(boolean verifyOnStartup) {
		this.verifyOnStartup = verifyOnStartup;
	}

	public Credentials getCredentials() {
		return this.credentials;
	}

	public Http getHttp() {
		return this.http;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Health getHealth() {
		return this.health;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	/**
	 * Network through which the ECS OpenAPI is reached.
	 */
	public enum Network {

		/**
		 * The region's VPC-internal endpoint, ecs-vpc.&lt;region&gt;.aliyuncs.com.
		 */
		VPC,

		/**
		 * The region's public endpoint, as the SDK names it.
		 */
		PUBLIC

	}

	/**
	 * Protocol used on the wire.
	 */
	public enum Protocol {

		/**
		 * HTTP over TLS, with the certificate verified.
		 */
		HTTPS,

		/**
		 * Plain HTTP.
		 */
		HTTP

	}

	/**
	 * Credentials settings.
	 */
	public static class Credentials {

		/**
		 * AccessKey ID. With none of the credentials properties set, the SDK's default
		 * credentials chain is used.
		 */
		private String accessKeyId;

		/**
		 * AccessKey secret that goes with the AccessKey ID.
		 */
		private String accessKeySecret;

		/**
		 * STS security token, for a temporary AccessKey pair.
		 */
		private String securityToken;

		/**
		 * Name of the RAM role attached to this ECS instance, whose temporary credentials
		 * are read from the instance metadata service.
		 */
		private String ramRoleName;

		public String getAccessKeyId() {
			return this.accessKeyId;
		}

		public void setAccessKeyId(String accessKeyId) {
			this.accessKeyId = accessKeyId;
		}

		public String getAccessKeySecret() {
			return this.accessKeySecret;
		}

		public void setAccessKeySecret(String accessKeySecret) {
			this.accessKeySecret = accessKeySecret;
		}

		public String getSecurityToken() {
			return this.securityToken;
		}

		public void setSecurityToken(String securityToken) {
			this.securityToken = securityToken;
		}

		public String getRamRoleName() {
			return this.ramRoleName;
		}

		public void setRamRoleName(String ramRoleName) {
			this.ramRoleName = ramRoleName;
		}

	}

	/**
	 * HTTP transport settings.
	 */
	public static class Http {

		/**
		 * Connect timeout.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * Read timeout: the longest wait for response data.
		 */
		private Duration readTimeout = Duration.ofSeconds(10);

		/**
		 * Maximum number of pooled connections to the endpoint.
		 */
		private int maxConnections = 128;

		/**
		 * How long an idle pooled connection is kept before it is closed.
		 */
		private Duration maxIdleTime = Duration.ofSeconds(60);

		/**
		 * HTTP proxy to send requests through, as http://host:port. The HTTP_PROXY and
		 * HTTPS_PROXY environment variables are not used.
		 */
		private URI proxy;

		/**
		 * Hosts reached without the proxy.
		 */
		private List<String> nonProxyHosts = new ArrayList<>();

		/**
		 * Name of an SSL bundle (spring.ssl.bundle.*) whose trust material is trusted in
		 * addition to the JDK's default trust store, and whose key, if any, is presented.
		 */
		private String sslBundle;

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public Duration getMaxIdleTime() {
			return this.maxIdleTime;
		}

		public void setMaxIdleTime(Duration maxIdleTime) {
			this.maxIdleTime = maxIdleTime;
		}

		public URI getProxy() {
			return this.proxy;
		}

		public void setProxy(URI proxy) {
			this.proxy = proxy;
		}

		public List<String> getNonProxyHosts() {
			return this.nonProxyHosts;
		}

		public void setNonProxyHosts(List<String> nonProxyHosts) {
			this.nonProxyHosts = nonProxyHosts;
		}

		public String getSslBundle() {
			return this.sslBundle;
		}

		public void setSslBundle(String sslBundle) {
			this.sslBundle = sslBundle;
		}

	}

	/**
	 * Retry settings, for throttling and server errors.
	 */
	public static class Retry {

		/**
		 * Maximum number of attempts per call, the first included; 1 disables retries.
		 */
		private int maxAttempts = 3;

		/**
		 * Base delay of the jittered exponential backoff between attempts.
		 */
		private Duration baseDelay = Duration.ofMillis(200);

		/**
		 * Longest delay between two attempts.
		 */
		private Duration maxDelay = Duration.ofSeconds(5);

		/**
		 * Whether to retry actions that change state (anything but Describe*, List*,
		 * Query* and Get* actions) too.
		 */
		private boolean retryNonIdempotent = false;

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getBaseDelay() {
			return this.baseDelay;
		}

		public void setBaseDelay(Duration baseDelay) {
			this.baseDelay = baseDelay;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public boolean isRetryNonIdempotent() {
			return this.retryNonIdempotent;
		}

		public void setRetryNonIdempotent(boolean retryNonIdempotent) {
			this.retryNonIdempotent = retryNonIdempotent;
		}

	}

	/**
	 * Health indicator settings.
	 */
	public static class Health {

		/**
		 * Longest time a health check may take before it reports DOWN.
		 */
		private Duration timeout = Duration.ofSeconds(3);

		/**
		 * How long a health check result is reused before the endpoint is called again.
		 */
		private Duration cacheTtl = Duration.ofSeconds(30);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getCacheTtl() {
			return this.cacheTtl;
		}

		public void setCacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
		}

	}

	/**
	 * Metrics settings.
	 */
	public static class Metrics {

		/**
		 * Whether to record a Micrometer timer for every call through the client.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
