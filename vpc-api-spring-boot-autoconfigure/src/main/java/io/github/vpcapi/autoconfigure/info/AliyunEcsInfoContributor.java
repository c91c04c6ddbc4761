package io.github.vpcapi.autoconfigure.info;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.InstanceProfileCredentialsProvider;
import com.aliyuncs.auth.StaticCredentialsProvider;
import io.github.vpcapi.autoconfigure.AliyunEcsDefaultCredentialsProvider;
import io.github.vpcapi.autoconfigure.AliyunEcsEndpoint;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * {@link InfoContributor} that shows where the ECS client goes and how it authenticates:
 * the kind of credentials source, never a credential.
 */
public class AliyunEcsInfoContributor implements InfoContributor {

	private final Map<String, Object> details;

	/**
	 * Create a new contributor.
	 * @param endpoint the endpoint the client calls
	 * @param credentialsProvider the credentials provider of the client
	 */
	public AliyunEcsInfoContributor(AliyunEcsEndpoint endpoint, AlibabaCloudCredentialsProvider credentialsProvider) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("region", endpoint.regionId());
		details.put("network", endpoint.network().name().toLowerCase(Locale.ROOT));
		details.put("endpoint", endpoint.url());
		details.put("credentials", credentialsKind(credentialsProvider));
		Map<String, Object> sdk = new LinkedHashMap<>();
		sdk.put("aliyun-java-sdk-core", version("aliyun-java-sdk-core"));
		sdk.put("aliyun-java-sdk-ecs", version("aliyun-java-sdk-ecs"));
		details.put("sdk", sdk);
		this.details = Map.copyOf(details);
	}

	@Override
	public void contribute(Info.Builder builder) {
		builder.withDetail("aliyunEcs", this.details);
	}

	static String credentialsKind(AlibabaCloudCredentialsProvider provider) {
		if (provider instanceof StaticCredentialsProvider staticProvider) {
			try {
				return (staticProvider.getCredentials() instanceof BasicSessionCredentials) ? "sts-token"
						: "access-key";
			}
			catch (Exception ex) {
				return "access-key";
			}
		}
		if (provider instanceof InstanceProfileCredentialsProvider) {
			return "ecs-ram-role";
		}
		if (provider instanceof AliyunEcsDefaultCredentialsProvider) {
			return "default-chain";
		}
		return "custom:" + provider.getClass().getName();
	}

	private static String version(String artifact) {
		String resource = "/META-INF/maven/com.aliyun/" + artifact + "/pom.properties";
		try (InputStream in = AliyunEcsInfoContributor.class.getResourceAsStream(resource)) {
			if (in == null) {
				return "unknown";
			}
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version", "unknown");
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

}
