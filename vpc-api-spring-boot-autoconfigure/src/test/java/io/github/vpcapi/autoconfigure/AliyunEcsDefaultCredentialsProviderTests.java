package io.github.vpcapi.autoconfigure;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.DefaultCredentialsProvider;
import com.aliyuncs.auth.OIDCCredentialsProvider;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.utils.AuthUtils;
import io.github.vpcapi.emulator.EcsEmulatorExtension;
import io.github.vpcapi.emulator.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credentials chain used when none are configured: per client, not JVM-wide. Some tests
 * set the SDK's JVM-wide environment overrides ({@code AuthUtils}) and restore them: safe
 * because the tests of this module run one at a time.
 */
class AliyunEcsDefaultCredentialsProviderTests {

	@RegisterExtension
	static final EcsEmulatorExtension ecs = EcsEmulatorExtension.withAccessKey(EmulatorSupport.KEY_ID,
			EmulatorSupport.KEY_SECRET);

	@Test
	void providersAddedToTheSdksJvmWideListAreNotConsulted() {
		AlibabaCloudCredentialsProvider intruder = () -> new BasicCredentials("intruder-key", "intruder-secret");
		DefaultCredentialsProvider.addCredentialsProvider(intruder);
		try {
			EmulatorSupport.runner(ecs.emulator())
				.withPropertyValues("aliyun.ecs.credentials.access-key-id=", "aliyun.ecs.credentials.access-key-secret=")
				.withSystemProperties("alibabacloud.accessKeyId=" + EmulatorSupport.KEY_ID,
						"alibabacloud.accessKeyIdSecret=" + EmulatorSupport.KEY_SECRET)
				.run((context) -> {
					context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest());
					assertThat(ecs.emulator().requests()).extracting(RecordedRequest::accessKeyId)
						.containsExactly(EmulatorSupport.KEY_ID);
				});
		}
		finally {
			DefaultCredentialsProvider.removeCredentialsProvider(intruder);
		}
	}

	@Test
	void oidcRoleCredentialsComeFromTheRegionsVpcStsEndpoint() {
		withOidcEnvironment(null, () -> {
			assertThat(stsEndpoint(new AliyunEcsDefaultCredentialsProvider("cn-shanghai", true)))
				.isEqualTo("https://sts-vpc.cn-shanghai.aliyuncs.com");
			assertThat(stsEndpoint(new AliyunEcsDefaultCredentialsProvider("cn-shanghai", false)))
				.isEqualTo("https://sts.cn-shanghai.aliyuncs.com");
		});
	}

	@Test
	void stsRegionAndVpcSwitchFromTheEnvironmentAreTheUsersWord() {
		withOidcEnvironment("cn-beijing",
				() -> assertThat(stsEndpoint(new AliyunEcsDefaultCredentialsProvider("cn-shanghai", true))).asString()
					.contains("cn-beijing"));
	}

	/** Runs with the SDK's OIDC environment set (and the STS region, if given), then restores it. */
	private static void withOidcEnvironment(String stsRegion, Runnable test) {
		String roleArn = AuthUtils.getEnvironmentRoleArn();
		String providerArn = AuthUtils.getEnvironmentOIDCProviderArn();
		String tokenFile = AuthUtils.getEnvironmentOIDCTokenFilePath();
		String region = AuthUtils.getEnvironmentSTSRegion();
		AuthUtils.setEnvironmentRoleArn("acs:ram::123:role/app");
		AuthUtils.setEnvironmentOIDCProviderArn("acs:ram::123:oidc-provider/ack");
		AuthUtils.setEnvironmentOIDCTokenFilePath("/var/run/secrets/tokens/oidc-token");
		AuthUtils.setEnvironmentSTSRegion(stsRegion);
		try {
			test.run();
		}
		finally {
			AuthUtils.setEnvironmentRoleArn(roleArn);
			AuthUtils.setEnvironmentOIDCProviderArn(providerArn);
			AuthUtils.setEnvironmentOIDCTokenFilePath(tokenFile);
			AuthUtils.setEnvironmentSTSRegion(region);
		}
	}

	@Test
	void aSourcesErrorIsCutBeforeWhatItWasAnswered() {
		Exception ex = new IllegalStateException("Error retrieving credentials expiration time from url: "
				+ "http://creds.internal/?token=t, result: {\"AccessKeySecret\":\"s3cret\",\"SecurityToken\":\"tok\"}.");
		assertThat(AliyunEcsDefaultCredentialsProvider.reason(ex))
			.isEqualTo("Error retrieving credentials expiration time from");
	}

	@Test
	void theSourceThatAnsweredIsAskedAloneNextTime() throws Exception {
		AliyunEcsDefaultCredentialsProvider chain = new AliyunEcsDefaultCredentialsProvider("cn-hangzhou", true);
		System.setProperty("alibabacloud.accessKeyId", "first-key");
		System.setProperty("alibabacloud.accessKeyIdSecret", "first-secret");
		try {
			assertThat(chain.getCredentials().getAccessKeyId()).isEqualTo("first-key");
			System.clearProperty("alibabacloud.accessKeyId");
			// Not a walk down to the metadata service: the source that answered fails the call.
			org.assertj.core.api.Assertions.assertThatExceptionOfType(com.aliyuncs.exceptions.ClientException.class)
				.isThrownBy(chain::getCredentials)
				.withMessageContaining("alibabacloud.accessKeyId");
		}
		finally {
			System.clearProperty("alibabacloud.accessKeyId");
			System.clearProperty("alibabacloud.accessKeyIdSecret");
		}
	}

	private static Object stsEndpoint(AliyunEcsDefaultCredentialsProvider chain) {
		OIDCCredentialsProvider oidc = chain.getProviders()
			.stream()
			.filter(OIDCCredentialsProvider.class::isInstance)
			.map(OIDCCredentialsProvider.class::cast)
			.findFirst()
			.orElseThrow();
		return ReflectionTestUtils.getField(oidc, "stsEndpoint");
	}

}
