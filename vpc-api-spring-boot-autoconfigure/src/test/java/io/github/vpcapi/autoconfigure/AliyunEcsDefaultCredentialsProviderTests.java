package io.github.vpcapi.autoconfigure;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.DefaultCredentialsProvider;
import com.aliyuncs.auth.OIDCCredentialsProvider;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.exceptions.ClientException;
import com.sun.net.httpserver.HttpServer;
import com.aliyuncs.utils.AuthUtils;
import io.github.vpcapi.emulator.EcsEmulatorExtension;
import io.github.vpcapi.emulator.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
	void theSourceThatAnsweredIsAskedAloneNextTimeAndItsErrorQuotesNoSecret() throws Exception {
		AtomicInteger served = new AtomicInteger();
		// The SDK's credentials-URI source quotes the whole answer when its expiry is missing.
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			int n = served.incrementAndGet();
			byte[] body = ("{\"Code\":\"Success\",\"AccessKeyId\":\"STS.uri-key\",\"AccessKeySecret\":\"s3cret-value\","
					+ "\"SecurityToken\":\"tok-value\"" + ((n == 1) ? ",\"Expiration\":\"2099-01-01T00:00:00Z\"" : "") + "}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		String uriBefore = AuthUtils.getEnvironmentCredentialsURI();
		AuthUtils.setEnvironmentCredentialsURI("http://127.0.0.1:" + server.getAddress().getPort() + "/creds?token=uri-token");
		System.setProperty("alibabacloud.accessKeyId", "sysprop-key");
		try {
			// No key pair in the system properties: the chain ends at the credentials URI.
			AliyunEcsDefaultCredentialsProvider chain = new AliyunEcsDefaultCredentialsProvider("cn-hangzhou", true);
			assertThat(chain.getCredentials().getAccessKeyId()).isEqualTo("STS.uri-key");
			// Completing the system-property pair now would answer a walk down the chain; the
			// source that answered is asked alone, and its failure is cut.
			System.setProperty("alibabacloud.accessKeyIdSecret", "sysprop-secret");
			assertThatExceptionOfType(ClientException.class).isThrownBy(chain::getCredentials).satisfies((ex) -> {
				assertThat(ex.getErrCode()).isEqualTo("VpcApi.CredentialsUnavailable");
				assertThat(ex).hasNoCause();
				assertThat(ex.getMessage()).contains("URLCredentialsProvider")
					.doesNotContain("s3cret-value")
					.doesNotContain("tok-value")
					.doesNotContain("uri-token");
			});
			assertThat(served.get()).isEqualTo(2);
		}
		finally {
			System.clearProperty("alibabacloud.accessKeyId");
			System.clearProperty("alibabacloud.accessKeyIdSecret");
			AuthUtils.setEnvironmentCredentialsURI(uriBefore);
			server.stop(0);
		}
	}

	@Test
	void noSourceAnsweringListsTheSourcesTried() {
		assertThatExceptionOfType(ClientException.class)
			.isThrownBy(new AliyunEcsDefaultCredentialsProvider("cn-hangzhou", true)::getCredentials)
			.satisfies((ex) -> {
				assertThat(ex.getErrCode()).isEqualTo("VpcApi.NoCredentials");
				assertThat(ex.getErrMsg()).contains("alibabacloud.sessionToken").contains("~/.alibabacloud/credentials");
			});
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
