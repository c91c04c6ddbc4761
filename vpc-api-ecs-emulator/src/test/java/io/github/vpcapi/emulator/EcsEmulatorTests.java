package io.github.vpcapi.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.net.ssl.X509TrustManager;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeInstancesResponse;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.HttpClientType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Proves the emulator's rules with the real SDK as the client. The SDK's per-client
 * {@code CompatibleUrlConnClient} transport is used: its default one is a JVM singleton.
 */
class EcsEmulatorTests {

	static final String ID = "emu-key";

	static final String SECRET = "emu-secret";

	@RegisterExtension
	static final EcsEmulatorExtension ecs = EcsEmulatorExtension.withAccessKey(ID, SECRET)
		.stsAccessKey("STS.emu", "sts-secret", "sts-token")
		.instance(EcsInstance.of("i-1", "cn-hangzhou"))
		.instance(EcsInstance.of("i-2", "cn-hangzhou"))
		.instance(EcsInstance.of("i-3", "cn-hangzhou"))
		.instance(EcsInstance.of("i-9", "cn-beijing"));

	private EcsEmulator extra;

	@AfterEach
	void closeExtra() {
		if (this.extra != null) {
			this.extra.close();
		}
	}

	static IAcsClient client(EcsEmulator emulator, ProtocolType protocol, com.aliyuncs.auth.AlibabaCloudCredentials credentials,
			long readTimeoutMillis) {
		DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou");
		HttpClientConfig config = HttpClientConfig.getDefault();
		config.setClientType(HttpClientType.Compatible);
		config.setProtocolType(protocol);
		config.setHttpsProxy("http://" + emulator.address());
		config.setHttpProxy("http://" + emulator.address());
		config.setReadTimeoutMillis(readTimeoutMillis);
		config.setX509TrustManagers(new X509TrustManager[] { emulator.trustManager() });
		profile.setHttpClientConfig(config);
		return new DefaultAcsClient(profile, new StaticCredentialsProvider(credentials));
	}

	static IAcsClient client(EcsEmulator emulator) {
		return client(emulator, ProtocolType.HTTPS, new BasicCredentials(ID, SECRET), 5000);
	}

	static DescribeRegionsRequest vpcDescribeRegions() {
		DescribeRegionsRequest request = new DescribeRegionsRequest();
		request.setSysEndpoint("ecs-vpc.cn-hangzhou.aliyuncs.com");
		return request;
	}

	@Test
	void signedRequestOverTlsThroughTheProxyIsAnsweredAndRecordedWithItsHost() throws Exception {
		DescribeRegionsResponse response = client(ecs.emulator()).getAcsResponse(vpcDescribeRegions());
		assertThat(response.getRegions()).hasSize(23);
		assertThat(response.getRegions()).extracting(DescribeRegionsResponse.Region::getRegionId)
			.startsWith("cn-hangzhou", "cn-shanghai")
			.endsWith("me-east-1");
		assertThat(response.getRegions().get(0).getLocalName()).isEqualTo("华东 1（杭州）");
		assertThat(response.getRegions().get(0).getRegionEndpoint()).isEqualTo("ecs-vpc.cn-hangzhou.aliyuncs.com");
		RecordedRequest recorded = ecs.emulator().requests().get(0);
		assertThat(recorded.host()).isEqualTo("ecs-vpc.cn-hangzhou.aliyuncs.com");
		assertThat(recorded.port()).isEqualTo(443);
		assertThat(recorded.tls()).isTrue();
		assertThat(recorded.viaProxy()).isTrue();
		assertThat(recorded.signatureValid()).isTrue();
		assertThat(recorded.status()).isEqualTo(200);
		assertThat(recorded.errorCode()).isNull();
		assertThat(recorded.accessKeyId()).isEqualTo(ID);
		assertThat(recorded.action()).isEqualTo("DescribeRegions");
		assertThat(recorded.version()).isEqualTo("2014-05-26");
		assertThat(recorded.parameters()).doesNotContainKeys("Signature", "SecurityToken");
	}

	@Test
	void acceptedConnectionsAreCounted() throws Exception {
		long before = ecs.emulator().acceptedConnections();
		HttpClient http = HttpClient.newHttpClient();
		for (int i = 0; i < 3; i++) {
			http.send(HttpRequest.newBuilder(URI.create(signedUrl(ecs.emulator(), "DescribeRegions", "n-conn" + i))).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		// One keep-alive connection carries the three requests.
		assertThat(ecs.emulator().acceptedConnections() - before).isEqualTo(1);
		assertThat(ecs.emulator().requestCount()).isEqualTo(3);
	}

	@Test
	void vpcProductNetworkRoutesToTheVpcHost() throws Exception {
		DescribeRegionsRequest request = new DescribeRegionsRequest();
		request.productNetwork = "vpc";
		request.setSysRegionId("cn-shanghai");
		client(ecs.emulator()).getAcsResponse(request);
		assertThat(ecs.emulator().requests().get(0).host()).isEqualTo("ecs-vpc.cn-shanghai.aliyuncs.com");
	}

	@Test
	void plainHttpThroughTheProxyIsRecordedWithoutTls() throws Exception {
		client(ecs.emulator(), ProtocolType.HTTP, new BasicCredentials(ID, SECRET), 5000)
			.getAcsResponse(vpcDescribeRegions());
		RecordedRequest recorded = ecs.emulator().requests().get(0);
		assertThat(recorded.host()).isEqualTo("ecs-vpc.cn-hangzhou.aliyuncs.com");
		assertThat(recorded.tls()).isFalse();
		assertThat(recorded.viaProxy()).isTrue();
		assertThat(recorded.port()).isEqualTo(80);
	}

	@Test
	void wrongSecretIsSignatureDoesNotMatch() {
		assertThatExceptionOfType(ClientException.class)
			.isThrownBy(() -> client(ecs.emulator(), ProtocolType.HTTPS, new BasicCredentials(ID, "wrong"), 5000)
				.getAcsResponse(vpcDescribeRegions()))
			// The SDK recognises its own string-to-sign in the message and names the secret.
			.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("SDK.InvalidAccessKeySecret"));
		RecordedRequest recorded = ecs.emulator().requests().get(0);
		assertThat(recorded.errorCode()).isEqualTo("SignatureDoesNotMatch");
		assertThat(recorded.status()).isEqualTo(400);
		assertThat(recorded.signatureValid()).isFalse();
	}

	@Test
	void unknownAccessKeyIsNotFound() {
		assertThatExceptionOfType(ClientException.class)
			.isThrownBy(() -> client(ecs.emulator(), ProtocolType.HTTPS, new BasicCredentials("nobody", SECRET), 5000)
				.getAcsResponse(vpcDescribeRegions()))
			.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("InvalidAccessKeyId.NotFound"));
		assertThat(ecs.emulator().requests().get(0).status()).isEqualTo(404);
	}

	@Test
	void oldTimestampIsExpired() throws Exception {
		this.extra = EcsEmulator.builder()
			.accessKey(ID, SECRET)
			.clock(Clock.fixed(Instant.now().plus(Duration.ofMinutes(16)), ZoneOffset.UTC))
			.start();
		assertThatExceptionOfType(ClientException.class)
			.isThrownBy(() -> client(this.extra).getAcsResponse(vpcDescribeRegions()))
			.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("InvalidTimeStamp.Expired"));
	}

	@Test
	void timestampWithinToleranceIsAccepted() throws Exception {
		this.extra = EcsEmulator.builder()
			.accessKey(ID, SECRET)
			.clock(Clock.fixed(Instant.now().plus(Duration.ofMinutes(14)), ZoneOffset.UTC))
			.start();
		assertThat(client(this.extra).getAcsResponse(vpcDescribeRegions()).getRegions()).hasSize(23);
	}

	@Test
	void replayedNonceIsRejected() throws Exception {
		EcsEmulator emulator = ecs.emulator();
		String url = signedUrl(emulator, "DescribeRegions", "nonce-replay-1");
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> second = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(second.body()).contains("\"Code\":\"SignatureNonceUsed\"").contains("\"HostId\":\"127.0.0.1\"")
			.contains("\"Recommend\"").contains("\"RequestId\"");
	}

	@Test
	void missingSignatureIsIncomplete() throws Exception {
		String url = "http://" + ecs.emulator().address() + "/?Action=DescribeRegions&Version=2014-05-26";
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("IncompleteSignature");
	}

	@Test
	void missingParameterIsNamed() throws Exception {
		String url = signedUrl(ecs.emulator(), "DescribeRegions", "n-missing").replace("SignatureVersion=1.0&", "");
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("MissingParameter").contains("SignatureVersion");
	}

	@Test
	void unknownActionIsNotFound() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(signedUrl(ecs.emulator(), "RebootEverything", "n-action"))).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("InvalidAction.NotFound");
	}

	@Test
	void answersAreRawUtf8Json() throws Exception {
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(signedUrl(ecs.emulator(), "DescribeRegions", "n-utf8"))).build(),
					HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(body).contains("华东 1（杭州）").doesNotContain("\\u");
	}

	@Test
	void stsKeyNeedsItsToken() throws Exception {
		EcsEmulator emulator = ecs.emulator();
		assertThat(client(emulator, ProtocolType.HTTPS, new BasicSessionCredentials("STS.emu", "sts-secret", "sts-token"),
				5000)
			.getAcsResponse(vpcDescribeRegions())
			.getRegions()).hasSize(23);
		assertThatExceptionOfType(ClientException.class)
			.isThrownBy(() -> client(emulator, ProtocolType.HTTPS,
					new BasicSessionCredentials("STS.emu", "sts-secret", "other-token"), 5000)
				.getAcsResponse(vpcDescribeRegions()))
			.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("InvalidSecurityToken.Mismatch"));
		assertThatExceptionOfType(ClientException.class)
			.isThrownBy(() -> client(emulator, ProtocolType.HTTPS, new BasicCredentials("STS.emu", "sts-secret"), 5000)
				.getAcsResponse(vpcDescribeRegions()))
			.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("InvalidSecurityToken.Malformed"));
		assertThat(emulator.requests()).extracting(RecordedRequest::parameters)
			.allSatisfy((params) -> assertThat(params).doesNotContainKey("SecurityToken"));
	}

	@Test
	void describeInstancesFiltersByRegionAndPages() throws Exception {
		IAcsClient client = client(ecs.emulator());
		DescribeInstancesRequest request = new DescribeInstancesRequest();
		request.setSysEndpoint("ecs-vpc.cn-hangzhou.aliyuncs.com");
		request.setPageSize(2);
		request.setPageNumber(2);
		DescribeInstancesResponse response = client.getAcsResponse(request);
		assertThat(response.getTotalCount()).isEqualTo(3);
		assertThat(response.getPageNumber()).isEqualTo(2);
		assertThat(response.getInstances()).extracting(DescribeInstancesResponse.Instance::getInstanceId)
			.containsExactly("i-3");
		assertThat(response.getInstances().get(0).getVpcAttributes().getPrivateIpAddress()).hasSize(1);
	}

	@Test
	void describeInstancesRejectsPageSizeOutOfRange() {
		DescribeInstancesRequest request = new DescribeInstancesRequest();
		request.setSysEndpoint("ecs-vpc.cn-hangzhou.aliyuncs.com");
		request.setPageSize(101);
		assertThatExceptionOfType(ClientException.class)
			.isThrownBy(() -> client(ecs.emulator()).getAcsResponse(request))
			.satisfies((ex) -> {
				assertThat(ex.getErrCode()).isEqualTo("InvalidParameter");
				assertThat(ex.getErrMsg()).contains("PageSize");
			});
	}

	@Test
	void signatureEncodingEdgeCasesVerify() throws Exception {
		DescribeInstancesRequest request = new DescribeInstancesRequest();
		request.setSysEndpoint("ecs-vpc.cn-hangzhou.aliyuncs.com");
		request.setInstanceName("web server*~ 杭州+1/2");
		assertThat(client(ecs.emulator()).getAcsResponse(request).getTotalCount()).isEqualTo(3);
		RecordedRequest recorded = ecs.emulator().requests().get(0);
		assertThat(recorded.signatureValid()).isTrue();
		assertThat(recorded.parameters()).containsEntry("InstanceName", "web server*~ 杭州+1/2");
	}

	@Test
	void faultsReturnTheRealErrorCodes() {
		EcsEmulator emulator = ecs.emulator();
		emulator.inject(Fault.throttling().times(1));
		assertThatExceptionOfType(ClientException.class)
			.isThrownBy(() -> client(emulator).getAcsResponse(vpcDescribeRegions()))
			.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("Throttling.User"));
		emulator.inject("DescribeRegions", Fault.serviceUnavailable().times(1));
		assertThatExceptionOfType(ClientException.class)
			.isThrownBy(() -> client(emulator).getAcsResponse(vpcDescribeRegions()))
			.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("ServiceUnavailable"));
		emulator.inject(Fault.forbiddenRam().times(1));
		assertThatExceptionOfType(ClientException.class)
			.isThrownBy(() -> client(emulator).getAcsResponse(vpcDescribeRegions()))
			.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("Forbidden.RAM"));
		assertThat(emulator.requests()).extracting(RecordedRequest::status).containsExactly(400, 503, 403);
		// times(1) spent: the next call succeeds
		assertThat(assertDoesNotThrow(() -> client(emulator).getAcsResponse(vpcDescribeRegions()))).isNotNull();
	}

	private static <T> T assertDoesNotThrow(java.util.concurrent.Callable<T> call) {
		try {
			return call.call();
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	@Test
	void actionFaultWinsOverTheGlobalOne() throws Exception {
		EcsEmulator emulator = ecs.emulator();
		emulator.inject(Fault.forbiddenRam());
		emulator.inject("DescribeRegions", Fault.throttling());
		assertThatExceptionOfType(ClientException.class)
			.isThrownBy(() -> client(emulator).getAcsResponse(vpcDescribeRegions()))
			.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("Throttling.User"));
	}

	@Test
	void delayAnswersLate() throws Exception {
		ecs.emulator().inject(Fault.delay(Duration.ofMillis(400)));
		long start = System.nanoTime();
		client(ecs.emulator()).getAcsResponse(vpcDescribeRegions());
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
	}

	@Test
	void hangNeverAnswers() {
		ecs.emulator().inject(Fault.hang());
		assertThatExceptionOfType(ClientException.class)
			.isThrownBy(() -> client(ecs.emulator(), ProtocolType.HTTPS, new BasicCredentials(ID, SECRET), 300)
				.getAcsResponse(vpcDescribeRegions()))
			.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("SDK.ReadTimeout"));
		assertThat(ecs.emulator().requests().get(0).errorCode()).isEqualTo("(hang)");
	}

	@Test
	void resetBreaksTheConnection() {
		ecs.emulator().inject(Fault.connectionReset());
		assertThatExceptionOfType(ClientException.class)
			.isThrownBy(() -> client(ecs.emulator()).getAcsResponse(vpcDescribeRegions()))
			.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("SDK.ServerUnreachable"));
	}

	@Test
	void truncatedBodyIsCutJsonWithAMatchingLength() throws Exception {
		// Not parsed with the SDK: its JSON reader never returns on a truncated body.
		ecs.emulator().inject(Fault.truncatedBody());
		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(signedUrl(ecs.emulator(), "DescribeRegions", "n-trunc"))).build(),
					HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
		String body = new String(response.body(), StandardCharsets.UTF_8);
		assertThat(body).startsWith("{\"RequestId\"").doesNotEndWith("}");
	}

	@Test
	void directTlsModeChoosesTheCertificateBySni() throws Exception {
		this.extra = EcsEmulator.builder().accessKey(ID, SECRET).tls(true).start();
		javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
		context.init(null, new javax.net.ssl.TrustManager[] { this.extra.trustManager() }, null);
		HttpResponse<String> response = HttpClient.newBuilder()
			.sslContext(context)
			.build()
			.send(HttpRequest.newBuilder(URI.create(signedUrl(this.extra, "DescribeRegions", "n-tls")
				.replace("http://", "https://")
				.replace("127.0.0.1", "localhost"))).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		RecordedRequest recorded = this.extra.requests().get(0);
		assertThat(recorded.tls()).isTrue();
		assertThat(recorded.viaProxy()).isFalse();
		assertThat(recorded.host()).isEqualTo("localhost");
	}

	@Test
	void commandLineIsParsed() {
		EcsEmulatorMain.Options options = EcsEmulatorMain
			.parse(new String[] { "--port", "0", "--access-key", "a:b", "--sts-access-key", "c:d:e", "--tls" });
		assertThat(options.tls()).isTrue();
		this.extra = options.builder().start();
		assertThat(this.extra.port()).isPositive();
		assertThat(EcsEmulatorMain.parse(new String[] { "--help" })).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> EcsEmulatorMain.parse(new String[] { "--bogus" }))
			.withMessageContaining("--bogus");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EcsEmulatorMain.parse(new String[] { "--port", "70000", "--access-key", "a:b" }));
		assertThatIllegalArgumentException().isThrownBy(() -> EcsEmulatorMain.parse(new String[] { "--port", "1" }))
			.withMessageContaining("--access-key");
	}

	@Test
	void closeStopsEveryThread() {
		EcsEmulator emulator = EcsEmulator.builder().accessKey(ID, SECRET).start();
		int port = emulator.port();
		emulator.close();
		assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
			.noneMatch((name) -> name.startsWith("ecs-emulator") && name.contains(String.valueOf(port)));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(emulator::port);
	}

	/** Signs a GET request by hand, the way the spec says, for raw HTTP tests. */
	static String signedUrl(EcsEmulator emulator, String action, String nonce) {
		java.util.Map<String, String> params = new java.util.TreeMap<>();
		params.put("Action", action);
		params.put("Version", "2014-05-26");
		params.put("Format", "JSON");
		params.put("AccessKeyId", ID);
		params.put("SignatureMethod", "HMAC-SHA1");
		params.put("SignatureVersion", "1.0");
		params.put("SignatureNonce", nonce + "-" + System.nanoTime());
		params.put("Timestamp", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
		params.put("RegionId", "cn-hangzhou");
		String signature = RpcSignature.sign(RpcSignature.stringToSign("GET", params), SECRET);
		StringBuilder url = new StringBuilder("http://" + emulator.address() + "/?");
		params.forEach((k, v) -> url.append(RpcSignature.percentEncode(k)).append('=')
			.append(RpcSignature.percentEncode(v)).append('&'));
		return url.append("Signature=").append(RpcSignature.percentEncode(signature)).toString();
	}

	static List<String> hosts(EcsEmulator emulator) {
		return emulator.requests().stream().map(RecordedRequest::host).toList();
	}

}
