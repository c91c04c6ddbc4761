package io.github.vpcapi.autoconfigure;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Network;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Protocol;
import org.apache.http.conn.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The diagnoses that cannot be produced against the emulator without resolving a public
 * name or waiting on a routing black hole. A mock stands in for the client only here.
 */
class AliyunEcsCheckTests {

	private final AliyunEcsEndpoint endpoint = new AliyunEcsEndpoint("cn-hangzhou", Network.VPC, Protocol.HTTPS,
			"ecs-vpc.cn-hangzhou.aliyuncs.com");

	private AliyunEcsCheck.Result runWith(Throwable failure) throws Exception {
		IAcsClient client = mock(IAcsClient.class);
		given(client.getAcsResponse(any(DescribeRegionsRequest.class))).willThrow(failure);
		return new AliyunEcsCheck(client, this.endpoint, Duration.ofSeconds(1), Clock.systemUTC()).run();
	}

	@Test
	void unresolvableHostIsDiagnosedAsDnsOutsideTheVpc() throws Exception {
		AliyunEcsCheck.Result result = runWith(new ClientException("SDK.ServerUnreachable", "Server unreachable",
				new UnknownHostException("ecs-vpc.cn-hangzhou.aliyuncs.com")));
		assertThat(result.outcome()).isEqualTo(AliyunEcsCheck.Outcome.DOWN);
		assertThat(result.details()).containsEntry("reason", "dns");
		assertThat(result.details().get("hint").toString()).contains("inside a VPC of region cn-hangzhou");
	}

	@Test
	void connectTimeoutIsToldApartFromRefusal() throws Exception {
		assertThat(runWith(new ClientException("SDK.ServerUnreachable", "x", new ConnectTimeoutException("t")))
			.details()).containsEntry("reason", "connect-timeout");
		assertThat(runWith(new ClientException("SDK.ServerUnreachable", "x", new ConnectException("refused")))
			.details()).containsEntry("reason", "connection-refused");
	}

	@Test
	void failingCredentialsSourceAndAForeignServerErrorPageAreNamed() throws Exception {
		assertThat(runWith(new ClientException("VpcApi.CredentialsUnavailable", "source failed")).details())
			.containsEntry("reason", "credentials-unavailable");
		// A proxy's 502 page is a ServerException, yet not a server error of ECS.
		assertThat(runWith(new ServerException("SDK.InvalidServerResponse", "HTTP 502 with a text/html body")).details())
			.containsEntry("reason", "invalid-response");
	}

	@Test
	void unknownErrorsKeepNoStringToSign() throws Exception {
		AliyunEcsCheck.Result result = runWith(new ClientException("Some.Code",
				"bad request; server string to sign is:POST&%2F&SecurityToken%3Dtoken-value"));
		assertThat(result.details()).containsEntry("reason", "client-error").containsEntry("errorCode", "Some.Code");
		assertThat(result.details().toString()).doesNotContain("token-value");
	}

}
