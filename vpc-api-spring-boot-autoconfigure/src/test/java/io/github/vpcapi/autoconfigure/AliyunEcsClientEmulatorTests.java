package io.github.vpcapi.autoconfigure;

import java.time.Duration;
import java.util.List;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsResponse;
import com.aliyuncs.ecs.model.v20140526.StopInstanceRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import io.github.vpcapi.emulator.EcsEmulator;
import io.github.vpcapi.emulator.EcsEmulatorExtension;
import io.github.vpcapi.emulator.EcsInstance;
import io.github.vpcapi.emulator.Fault;
import io.github.vpcapi.emulator.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Behaviour of the auto-configured client against the ECS emulator: the host it targets,
 * TLS, signatures, the guards and the retry policy.
 */
class AliyunEcsClientEmulatorTests {

	@RegisterExtension
	static final EcsEmulatorExtension ecs = EcsEmulatorExtension
		.withAccessKey(EmulatorSupport.KEY_ID, EmulatorSupport.KEY_SECRET)
		.stsAccessKey(EmulatorSupport.STS_KEY_ID, EmulatorSupport.STS_SECRET, EmulatorSupport.STS_TOKEN)
		.instance(EcsInstance.of("i-hz-1", "cn-hangzhou"))
		.instance(EcsInstance.of("i-hz-2", "cn-hangzhou"))
		.instance(EcsInstance.of("i-bj-1", "cn-beijing"));

	private EcsEmulator emulator() {
		return ecs.emulator();
	}

	private ApplicationContextRunner runner() {
		return EmulatorSupport.runner(emulator());
	}

	@Test
	void requestReachesTheRegionalVpcHostOverTlsSigned() {
		runner().run((context) -> {
			DescribeRegionsResponse response = context.getBean(IAcsClient.class)
				.getAcsResponse(new DescribeRegionsRequest());
			assertThat(response.getRegions()).hasSize(23);
			assertThat(response.getRegions().get(0).getLocalName()).isEqualTo("华东 1（杭州）");
			RecordedRequest request = emulator().requests().get(0);
			assertThat(request.host()).isEqualTo("ecs-vpc.cn-hangzhou.aliyuncs.com");
			assertThat(request.tls()).isTrue();
			assertThat(request.signatureValid()).isTrue();
			assertThat(request.accessKeyId()).isEqualTo(EmulatorSupport.KEY_ID);
			assertThat(request.regionId()).isEqualTo("cn-hangzhou");
			assertThat(request.action()).isEqualTo("DescribeRegions");
		});
	}

	@Test
	void httpsEvenWhenACustomizerAsksForHttpAndARequestObjectIsSentTwice() {
		runner().withBean(AliyunEcsClientCustomizer.class,
				() -> (profile) -> profile.getHttpClientConfig().setProtocolType(ProtocolType.HTTP))
			.run((context) -> {
				IAcsClient client = context.getBean(IAcsClient.class);
				DescribeRegionsRequest request = new DescribeRegionsRequest();
				client.getAcsResponse(request);
				client.getAcsResponse(request);
				assertThat(emulator().requests()).hasSize(2).allMatch(RecordedRequest::tls);
			});
	}

	@Test
	void userProfileBeanIsCalledOverHttpsToo() {
		runner().withBean("aliyunEcsClientProfile", DefaultProfile.class, () -> {
			DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou");
			HttpClientConfig config = HttpClientConfig.getDefault();
			config.setHttpsProxy("http://" + emulator().address());
			config.setX509TrustManagers(new javax.net.ssl.X509TrustManager[] { emulator().trustManager() });
			profile.setHttpClientConfig(config);
			return profile;
		}).run((context) -> {
			context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest());
			assertThat(emulator().requests()).singleElement().satisfies((request) -> {
				assertThat(request.tls()).isTrue();
				assertThat(request.host()).isEqualTo("ecs-vpc.cn-hangzhou.aliyuncs.com");
			});
		});
	}

	@Test
	void theOnlyHostEverContactedIsTheResolvedEndpoint() {
		runner().run((context) -> {
			IAcsClient client = context.getBean(IAcsClient.class);
			client.getAcsResponse(new DescribeRegionsRequest());
			DescribeInstancesResponse instances = client.getAcsResponse(new DescribeInstancesRequest());
			assertThat(instances.getInstances()).extracting(DescribeInstancesResponse.Instance::getInstanceId)
				.containsExactlyInAnyOrder("i-hz-1", "i-hz-2");
			assertThat(emulator().requests()).hasSize(2)
				.extracting(RecordedRequest::host)
				.containsOnly("ecs-vpc.cn-hangzhou.aliyuncs.com");
		});
	}

	@Test
	void twoContextsWithDifferentRegionsEachReachTheirOwnEndpoint() {
		runner().run((hangzhou) -> runner().withPropertyValues("aliyun.ecs.region=cn-beijing").run((beijing) -> {
			IAcsClient hangzhouClient = hangzhou.getBean(IAcsClient.class);
			IAcsClient beijingClient = beijing.getBean(IAcsClient.class);
			hangzhouClient.getAcsResponse(new DescribeRegionsRequest());
			beijingClient.getAcsResponse(new DescribeRegionsRequest());
			hangzhouClient.getAcsResponse(new DescribeRegionsRequest());
			assertThat(emulator().requests()).extracting(RecordedRequest::host)
				.containsExactly("ecs-vpc.cn-hangzhou.aliyuncs.com", "ecs-vpc.cn-beijing.aliyuncs.com",
						"ecs-vpc.cn-hangzhou.aliyuncs.com");
			assertThat(emulator().requests()).extracting(RecordedRequest::regionId)
				.containsExactly("cn-hangzhou", "cn-beijing", "cn-hangzhou");
		}));
	}

	@Test
	void requestForAnotherRegionFailsBeforeAnythingIsSent() {
		runner().run((context) -> {
			IAcsClient client = context.getBean(IAcsClient.class);
			DescribeInstancesRequest request = new DescribeInstancesRequest();
			request.setSysRegionId("cn-beijing");
			assertThatExceptionOfType(ClientException.class).isThrownBy(() -> client.getAcsResponse(request))
				.satisfies((ex) -> {
					assertThat(ex.getErrCode()).isEqualTo("VpcApi.CrossRegionRequest");
					assertThat(ex.getErrMsg()).contains("serves only region cn-hangzhou")
						.contains("aliyun.ecs.region=cn-beijing");
				});
			assertThatExceptionOfType(ClientException.class)
				.isThrownBy(() -> client.getAcsResponse(new DescribeRegionsRequest(), "cn-shanghai"))
				.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("VpcApi.CrossRegionRequest"));
			assertThat(emulator().requestCount()).isZero();
		});
	}

	@Test
	void requestNamingAnotherEndpointIsRefused() {
		runner().run((context) -> {
			DescribeRegionsRequest request = new DescribeRegionsRequest();
			request.setSysEndpoint("ecs.aliyuncs.com");
			assertThatExceptionOfType(ClientException.class)
				.isThrownBy(() -> context.getBean(IAcsClient.class).getAcsResponse(request))
				.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("VpcApi.EndpointNotAllowed"));
			assertThat(emulator().requestCount()).isZero();
		});
	}

	@Test
	void requestForAnotherProductIsRefused() {
		runner().run((context) -> {
			CommonRequest request = new CommonRequest();
			request.setSysProduct("Vpc");
			request.setSysVersion("2016-04-28");
			request.setSysAction("DescribeVpcs");
			assertThatExceptionOfType(ClientException.class)
				.isThrownBy(() -> context.getBean(IAcsClient.class).getCommonResponse(request))
				.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("VpcApi.UnsupportedProduct"));
			assertThat(emulator().requestCount()).isZero();
		});
	}

	@Test
	void nullRequestIsAClearClientException() {
		runner().run((context) -> assertThatExceptionOfType(ClientException.class)
			.isThrownBy(() -> context.getBean(IAcsClient.class).getAcsResponse((DescribeRegionsRequest) null))
			.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("VpcApi.NullRequest")));
	}

	@Test
	void withoutCredentialsTheCallFailsListingTheSourcesTriedAndSendsNothing() {
		runner().withPropertyValues("aliyun.ecs.credentials.access-key-id=", "aliyun.ecs.credentials.access-key-secret=")
			.run((context) -> {
				assertThatExceptionOfType(ClientException.class)
					.isThrownBy(() -> context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest()))
					.satisfies((ex) -> {
						assertThat(ex.getErrCode()).isEqualTo("VpcApi.NoCredentials");
						assertThat(ex.getErrMsg()).contains("ALIBABA_CLOUD_ACCESS_KEY_ID")
							.contains("~/.alibabacloud/credentials")
							.contains("RAM role");
					});
				assertThat(emulator().requestCount()).isZero();
			});
	}

	@Test
	void stsCredentialsAreAccepted() {
		runner()
			.withPropertyValues("aliyun.ecs.credentials.access-key-id=" + EmulatorSupport.STS_KEY_ID,
					"aliyun.ecs.credentials.access-key-secret=" + EmulatorSupport.STS_SECRET,
					"aliyun.ecs.credentials.security-token=" + EmulatorSupport.STS_TOKEN)
			.run((context) -> {
				context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest());
				assertThat(emulator().requests().get(0).accessKeyId()).isEqualTo(EmulatorSupport.STS_KEY_ID);
				assertThat(emulator().requests().get(0).signatureValid()).isTrue();
				assertThat(emulator().requests().get(0).parameters()).doesNotContainKey("SecurityToken");
			});
	}

	@Test
	void wrongSecretIsRejectedWithoutTheSecretInTheException() {
		runner().withPropertyValues("aliyun.ecs.credentials.access-key-secret=wrong-secret-value-42")
			.run((context) -> {
				assertThatExceptionOfType(ClientException.class)
					.isThrownBy(() -> context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest()))
					.satisfies((ex) -> {
						assertThat(ex.getErrCode()).isIn("SignatureDoesNotMatch", "SDK.InvalidAccessKeySecret");
						assertThat(ex.toString()).doesNotContain("wrong-secret-value-42");
					});
				assertThat(emulator().requests().get(0).signatureValid()).isFalse();
			});
	}

	@Test
	void truncatedJsonFailsTheCallInsteadOfSpinningForever() {
		emulator().inject(Fault.truncatedBody());
		runner().withPropertyValues("aliyun.ecs.http.read-timeout=2s").run((context) -> {
			IAcsClient client = context.getBean(IAcsClient.class);
			ClientException ex = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
				try {
					client.getAcsResponse(new DescribeRegionsRequest());
					return null;
				}
				catch (ClientException thrown) {
					return thrown;
				}
			});
			assertThat(ex).isNotNull();
			assertThat(ex.getErrCode()).isEqualTo("SDK.InvalidServerResponse");
		});
	}

	@Test
	void throttlingOfAReadOnlyActionIsRetried() {
		emulator().inject("DescribeRegions", Fault.throttling().times(2));
		runner().run((context) -> {
			DescribeRegionsResponse response = context.getBean(IAcsClient.class)
				.getAcsResponse(new DescribeRegionsRequest());
			assertThat(response.getRegions()).hasSize(23);
			assertThat(emulator().requests()).extracting(RecordedRequest::errorCode)
				.containsExactly("Throttling.User", "Throttling.User", null);
		});
	}

	@Test
	void serverErrorsAreRetriedUpToMaxAttempts() {
		emulator().inject(Fault.serviceUnavailable());
		runner().withPropertyValues("aliyun.ecs.retry.max-attempts=4").run((context) -> {
			assertThatExceptionOfType(ServerException.class)
				.isThrownBy(() -> context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest()))
				.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("ServiceUnavailable"));
			assertThat(emulator().requestCount()).isEqualTo(4);
		});
	}

	@Test
	void actionsThatChangeStateAreNotRetried() {
		emulator().inject("StopInstance", Fault.throttling());
		runner().run((context) -> {
			StopInstanceRequest request = new StopInstanceRequest();
			request.setInstanceId("i-hz-1");
			assertThatExceptionOfType(ClientException.class)
				.isThrownBy(() -> context.getBean(IAcsClient.class).getAcsResponse(request))
				.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("Throttling.User"));
			assertThat(emulator().requestCount()).isEqualTo(1);
		});
	}

	@Test
	void readTimeoutIsNotRetried() {
		emulator().inject(Fault.hang());
		runner().withPropertyValues("aliyun.ecs.http.read-timeout=300ms").run((context) -> {
			long start = System.nanoTime();
			assertThatExceptionOfType(ClientException.class)
				.isThrownBy(() -> context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest()))
				.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("SDK.ReadTimeout"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
			assertThat(emulator().requestCount()).isEqualTo(1);
		});
	}

	@Test
	void httpProtocolSendsPlainHttpToTheVpcHost() {
		runner().withPropertyValues("aliyun.ecs.protocol=http").run((context) -> {
			context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest());
			RecordedRequest request = emulator().requests().get(0);
			assertThat(request.host()).isEqualTo("ecs-vpc.cn-hangzhou.aliyuncs.com");
			assertThat(request.tls()).isFalse();
		});
	}

	@Test
	void explicitEndpointIsCalledDirectly() {
		runner()
			.withPropertyValues("aliyun.ecs.http.proxy=", "aliyun.ecs.protocol=http",
					"aliyun.ecs.endpoint=127.0.0.1:" + emulator().port())
			.run((context) -> {
				context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest());
				RecordedRequest request = emulator().requests().get(0);
				assertThat(request.host()).isEqualTo("127.0.0.1");
				assertThat(request.viaProxy()).isFalse();
			});
	}

	@Test
	void untrustedCertificateFailsTheCallWithoutRetrying() {
		runner().withPropertyValues("aliyun.ecs.http.ssl-bundle=").run((context) -> {
			long connectionsBefore = emulator().acceptedConnections();
			assertThatExceptionOfType(ClientException.class)
				.isThrownBy(() -> context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest()))
				.satisfies((ex) -> {
					assertThat(ex.getErrCode()).isEqualTo("SDK.ServerUnreachable");
					assertThat(ex).cause().isInstanceOf(javax.net.ssl.SSLException.class);
				});
			// One attempt: a certificate that is not trusted now will not be trusted in 200 ms.
			assertThat(emulator().acceptedConnections() - connectionsBefore).isEqualTo(1);
		});
	}

	@Test
	void clientIsClosedWithTheContext() {
		List<IAcsClient> clients = new java.util.ArrayList<>();
		runner().run((context) -> clients.add(context.getBean(IAcsClient.class)));
		assertThat(((AliyunEcsAcsClient) clients.get(0)).getHttpClient()).isNull();
	}

}
