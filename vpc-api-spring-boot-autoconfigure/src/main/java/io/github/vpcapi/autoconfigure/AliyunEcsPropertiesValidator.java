package io.github.vpcapi.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.aliyuncs.ecs.Endpoint;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Credentials;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Http;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Network;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Retry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Checks {@link AliyunEcsProperties} and turns them into the values the beans use. Each
 * bean checks only the properties it consumes, so that a replaced bean does not fail on
 * properties nobody reads.
 */
final class AliyunEcsPropertiesValidator {

	private static final String PREFIX = "aliyun.ecs.";

	private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");

	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

	private AliyunEcsPropertiesValidator() {
	}

	static AliyunEcsEndpoint endpoint(AliyunEcsProperties properties) {
		String region = region(properties);
		String explicit = explicitEndpoint(properties.getEndpoint());
		if (explicit != null) {
			return new AliyunEcsEndpoint(region, properties.getNetwork(), properties.getProtocol(), explicit);
		}
		boolean vpc = properties.getNetwork() == Network.VPC;
		// The public network too keeps to the table: the source document's regions are the supported ones.
		AliyunEcsRegions.Region supported = AliyunEcsRegions.find(region)
			.orElseThrow(() -> new InvalidAliyunEcsPropertyException(PREFIX + "region", region,
					vpc ? "'" + region + "' is not a region with a supported ECS VPC endpoint"
							: "'" + region + "' is not one of the regions this starter supports",
					"Set aliyun.ecs.region to one of " + supportedRegions()
							+ ". To reach a region the table does not list, set aliyun.ecs.endpoint to its host,"
							+ " such as " + (vpc ? "ecs-vpc." : "ecs.") + region + ".aliyuncs.com."));
		String host = vpc ? supported.vpcEndpoint() : publicEndpoint(region);
		return new AliyunEcsEndpoint(region, properties.getNetwork(), properties.getProtocol(), host);
	}

	private static String region(AliyunEcsProperties properties) {
		String region = properties.getRegion();
		if (!StringUtils.hasText(region)) {
			throw new InvalidAliyunEcsPropertyException(PREFIX + "region", null, "the region is required",
					"Set aliyun.ecs.region to the region of this ECS instance, one of " + supportedRegions() + ".");
		}
		// Trimming and lower-casing are harmless: region ids are lower-case and never padded.
		String normalized = region.trim().toLowerCase(Locale.ROOT);
		if (!REGION.matcher(normalized).matches()) {
			throw new InvalidAliyunEcsPropertyException(PREFIX + "region", region,
					"'" + region + "' is not a region id", "Set aliyun.ecs.region to a region id such as cn-hangzhou, one of "
							+ supportedRegions() + ".");
		}
		return normalized;
	}

	private static @Nullable String explicitEndpoint(@Nullable String endpoint) {
		if (endpoint == null || endpoint.isBlank()) {
			return null;
		}
		String trimmed = endpoint.trim();
		String property = PREFIX + "endpoint";
		if (trimmed.contains("://")) {
			throw new InvalidAliyunEcsPropertyException(property, endpoint, "the endpoint has a scheme",
					"Write aliyun.ecs.endpoint as host[:port], such as ecs-vpc.cn-hangzhou.aliyuncs.com,"
							+ " and choose the scheme with aliyun.ecs.protocol.");
		}
		if (trimmed.chars().anyMatch(Character::isWhitespace)) {
			throw new InvalidAliyunEcsPropertyException(property, endpoint, "the endpoint contains whitespace",
					"Write aliyun.ecs.endpoint as host[:port] with no spaces, such as ecs-vpc.cn-hangzhou.aliyuncs.com.");
		}
		if (trimmed.contains("/") || trimmed.contains("?") || trimmed.contains("#") || trimmed.contains("@")) {
			throw new InvalidAliyunEcsPropertyException(property, endpoint,
					"the endpoint has a path, query or user part",
					"Write aliyun.ecs.endpoint as host[:port] only, such as ecs-vpc.cn-hangzhou.aliyuncs.com:443.");
		}
		int colon = trimmed.lastIndexOf(':');
		String host = (colon >= 0) ? trimmed.substring(0, colon) : trimmed;
		if (colon >= 0) {
			String port = trimmed.substring(colon + 1);
			if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
				throw new InvalidAliyunEcsPropertyException(property, endpoint, "'" + port + "' is not a port",
						"Write aliyun.ecs.endpoint as host[:port] with a port from 1 to 65535.");
			}
		}
		if (!HOST.matcher(host).matches()) {
			throw new InvalidAliyunEcsPropertyException(property, endpoint, "'" + host + "' is not a host name",
					"Write aliyun.ecs.endpoint as host[:port], such as ecs-vpc.cn-hangzhou.aliyuncs.com.");
		}
		return trimmed;
	}

	private static String publicEndpoint(String region) {
		// The SDK's own table for the public network, then its rule for regional products.
		String mapped = Endpoint.endpointMap.get(region);
		return (mapped != null) ? mapped : "ecs." + region + ".aliyuncs.com";
	}

	static String supportedRegions() {
		return AliyunEcsRegions.all()
			.stream()
			.map(AliyunEcsRegions.Region::id)
			.collect(Collectors.joining(", "));
	}

	static CredentialsSettings credentials(AliyunEcsProperties properties) {
		Credentials credentials = properties.getCredentials();
		// Whitespace is never part of a key, and copy-pasted keys often carry some.
		String id = trimToNull(credentials.getAccessKeyId());
		String secret = trimToNull(credentials.getAccessKeySecret());
		String token = trimToNull(credentials.getSecurityToken());
		String role = trimToNull(credentials.getRamRoleName());
		String prefix = PREFIX + "credentials.";
		if (id != null && secret == null) {
			throw new InvalidAliyunEcsPropertyException(prefix + "access-key-secret", null,
					"access-key-id is set but access-key-secret is not",
					"Set aliyun.ecs.credentials.access-key-secret to the secret of AccessKey " + id
							+ ", or remove aliyun.ecs.credentials.access-key-id to use the default credentials chain.");
		}
		if (secret != null && id == null) {
			throw new InvalidAliyunEcsPropertyException(prefix + "access-key-id", null,
					"access-key-secret is set but access-key-id is not",
					"Set aliyun.ecs.credentials.access-key-id to the id of the AccessKey,"
							+ " or remove aliyun.ecs.credentials.access-key-secret.");
		}
		if (token != null && id == null) {
			throw new InvalidAliyunEcsPropertyException(prefix + "security-token", null,
					"security-token is set without an AccessKey pair",
					"An STS token goes with its temporary AccessKey pair: set aliyun.ecs.credentials.access-key-id"
							+ " and access-key-secret too, or remove aliyun.ecs.credentials.security-token.");
		}
		if (id != null && role != null) {
			throw new InvalidAliyunEcsPropertyException(prefix + "ram-role-name", role,
					"both an AccessKey pair and a RAM role name are set",
					"Choose one source of credentials: remove aliyun.ecs.credentials.ram-role-name to use the"
							+ " AccessKey pair, or remove the AccessKey properties to use the instance RAM role.");
		}
		return new CredentialsSettings(id, secret, token, role);
	}

	static void http(Http http) {
		requirePositive(PREFIX + "http.connect-timeout", http.getConnectTimeout());
		requirePositive(PREFIX + "http.read-timeout", http.getReadTimeout());
		requirePositive(PREFIX + "http.max-idle-time", http.getMaxIdleTime());
		if (http.getMaxConnections() < 1) {
			throw new InvalidAliyunEcsPropertyException(PREFIX + "http.max-connections", http.getMaxConnections(),
					"the pool needs at least one connection",
					"Set aliyun.ecs.http.max-connections to a positive number, or remove it to use 128.");
		}
		URI proxy = http.getProxy();
		if (proxy != null && (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getHost() == null
				|| (proxy.getPath() != null && !proxy.getPath().isEmpty() && !"/".equals(proxy.getPath())))) {
			throw new InvalidAliyunEcsPropertyException(PREFIX + "http.proxy", redactUserInfo(proxy),
					"the proxy is not an http://host:port URI",
					"Set aliyun.ecs.http.proxy to the proxy's URI, such as http://proxy.internal:3128.");
		}
	}

	static void retry(Retry retry) {
		if (retry.getMaxAttempts() < 1) {
			throw new InvalidAliyunEcsPropertyException(PREFIX + "retry.max-attempts", retry.getMaxAttempts(),
					"a call needs at least one attempt",
					"Set aliyun.ecs.retry.max-attempts to 1 to disable retries, or to a larger number.");
		}
		requirePositive(PREFIX + "retry.base-delay", retry.getBaseDelay());
		requirePositive(PREFIX + "retry.max-delay", retry.getMaxDelay());
	}

	/**
	 * Check that a duration property is set and greater than zero.
	 * @param property the full property name
	 * @param value the value
	 */
	static void requirePositive(String property, @Nullable Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw new InvalidAliyunEcsPropertyException(property, value, "the duration must be greater than zero",
					"Set " + property + " to a positive duration, such as 5s, or remove it to use the default.");
		}
	}

	private static String redactUserInfo(URI uri) {
		return (uri.getUserInfo() != null) ? uri.toString().replace(uri.getRawUserInfo(), "******") : uri.toString();
	}

	private static @Nullable String trimToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	record CredentialsSettings(@Nullable String accessKeyId, @Nullable String accessKeySecret,
			@Nullable String securityToken, @Nullable String ramRoleName) {

		@Override
		public String toString() {
			return "CredentialsSettings[accessKeyId=" + this.accessKeyId + ", ramRoleName=" + this.ramRoleName + "]";
		}

	}

}
