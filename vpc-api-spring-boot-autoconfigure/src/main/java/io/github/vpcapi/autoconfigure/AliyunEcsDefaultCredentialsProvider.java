package io.github.vpcapi.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import com.aliyuncs.auth.AlibabaCloudCredentials;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.EnvironmentVariableCredentialsProvider;
import com.aliyuncs.auth.InstanceProfileCredentialsProvider;
import com.aliyuncs.auth.OIDCCredentialsProvider;
import com.aliyuncs.auth.ProfileCredentialsProvider;
import com.aliyuncs.auth.SystemPropertiesCredentialsProvider;
import com.aliyuncs.auth.URLCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.utils.AuthUtils;

/**
 * The credentials used when no {@code aliyun.ecs.credentials.*} are set: the sources of the
 * SDK's {@code DefaultCredentialsProvider}, in its order, built for one client. Unlike the
 * SDK's, it does not consult the JVM-wide list of providers that any code can add to
 * ({@code DefaultCredentialsProvider.addCredentialsProvider}), and it fetches OIDC role
 * credentials from the client's own region, over the VPC network when the client is on
 * it, rather than from the public {@code sts.aliyuncs.com}.
 * <p>
 * The Alibaba Cloud CLI profile ({@code ~/.aliyun/config.json}) is not among the sources:
 * the SDK does not let it be built outside its own package.
 */
public final class AliyunEcsDefaultCredentialsProvider implements AlibabaCloudCredentialsProvider {

	static final String SOURCES = "the Java system properties alibabacloud.accessKeyId, "
			+ "alibabacloud.accessKeyIdSecret (and alibabacloud.sessionToken); the environment variables "
			+ "ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN); "
			+ "OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE); "
			+ "the credentials file (~/.alibabacloud/credentials); the ECS instance RAM role (instance metadata "
			+ "service, unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true); ALIBABA_CLOUD_CREDENTIALS_URI";

	private final List<AlibabaCloudCredentialsProvider> providers;

	private volatile AlibabaCloudCredentialsProvider lastUsed;

	AliyunEcsDefaultCredentialsProvider(String regionId, boolean vpc) {
		List<AlibabaCloudCredentialsProvider> chain = new ArrayList<>();
		chain.add(new SystemPropertiesCredentialsProvider());
		chain.add(new EnvironmentVariableCredentialsProvider());
		if (AuthUtils.environmentEnableOIDC()) {
			// ALIBABA_CLOUD_STS_REGION or ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED, when set, are the
			// user's word on both: a VPC STS endpoint is reachable only from its own region.
			boolean userChoice = isSet(AuthUtils.getEnvironmentSTSRegion())
					|| isSet(System.getenv("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED"));
			chain.add(OIDCCredentialsProvider.builder()
				.stsRegionId(userChoice ? null : regionId)
				.enableVpc(userChoice ? null : vpc)
				.build());
		}
		chain.add(new ProfileCredentialsProvider());
		if (!AuthUtils.isDisableECSMetaData()) {
			chain.add(InstanceProfileCredentialsProvider.builder().build());
		}
		String credentialsUri = AuthUtils.getEnvironmentCredentialsURI();
		if (isSet(credentialsUri)) {
			chain.add(URLCredentialsProvider.builder().credentialsURI(credentialsUri).build());
		}
		this.providers = List.copyOf(chain);
	}

	private static boolean isSet(String value) {
		return value != null && !value.isEmpty();
	}

	List<AlibabaCloudCredentialsProvider> getProviders() {
		return this.providers;
	}

	@Override
	public AlibabaCloudCredentials getCredentials() throws ClientException {
		AlibabaCloudCredentialsProvider last = this.lastUsed;
		if (last != null) {
			// As the SDK's chain does: the source that answered keeps answering, or fails the
			// call (walking the chain again would ask a failing metadata service twice).
			try {
				return last.getCredentials();
			}
			catch (Exception ex) {
				// Not chained: the source's own exception may quote what it was answered.
				throw new ClientException("VpcApi.CredentialsUnavailable", "The credentials source that answered "
						+ "before, " + last.getClass().getSimpleName() + ", failed: " + reason(ex));
			}
		}
		List<String> failures = new ArrayList<>();
		for (AlibabaCloudCredentialsProvider provider : this.providers) {
			try {
				AlibabaCloudCredentials credentials = provider.getCredentials();
				if (credentials != null) {
					this.lastUsed = provider;
					return credentials;
				}
			}
			catch (Exception ex) {
				failures.add(provider.getClass().getSimpleName() + ": " + reason(ex));
			}
		}
		throw new ClientException("VpcApi.NoCredentials", "No Alibaba Cloud credentials found. Tried, in order: "
				+ "aliyun.ecs.credentials.* (not set); " + SOURCES + ". Set aliyun.ecs.credentials.access-key-id and "
				+ "access-key-secret, or aliyun.ecs.credentials.ram-role-name on an ECS instance with a RAM role. "
				+ "Details: " + failures);
	}

	/**
	 * The first clause of a source's error: some quote what they were answered (the
	 * credentials URI's whole body, secret and token included, when its expiry is bad).
	 */
	static String reason(Exception ex) {
		String message = String.valueOf(ex.getMessage());
		int cut = message.length();
		for (String marker : new String[] { "result:", "url:", "http://", "https://", "{" }) {
			int at = message.indexOf(marker);
			if (at >= 0 && at < cut) {
				cut = at;
			}
		}
		String reason = message.substring(0, cut).trim();
		return (reason.length() > 160) ? reason.substring(0, 160) + "..." : reason;
	}

}
