package io.github.vpcapi.autoconfigure;

import java.io.IOException;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the client cuts signed URLs out of the SDK's exception messages.
 */
class AliyunEcsAcsClientTests {

	private static final String SIGNED = "https://ecs-vpc.cn-hangzhou.aliyuncs.com/?SecurityToken=tok%2Fen&AccessKeyId=STS.k"
			+ "&Signature=abc%3D";

	@Test
	void signedUrlIsCutKeepingCodeCauseAndRequestId() {
		IOException cause = new IOException("Read timed out");
		ClientException ex = new ClientException("SDK.ServerUnreachable", "Server unreachable: connection " + SIGNED
				+ " failed", cause);
		ex.setRequestId("req-1");
		ClientException safe = AliyunEcsAcsClient.withoutSignedUrl(ex);
		assertThat(safe).isNotSameAs(ex).hasCause(cause);
		assertThat(safe.getErrCode()).isEqualTo("SDK.ServerUnreachable");
		assertThat(safe.getRequestId()).isEqualTo("req-1");
		assertThat(safe.getErrMsg()).isEqualTo(
				"Server unreachable: connection https://ecs-vpc.cn-hangzhou.aliyuncs.com/?<parameters omitted> failed");
		assertThat(safe.getStackTrace()).isEqualTo(ex.getStackTrace());
	}

	@Test
	void serverExceptionStaysAServerException() {
		ServerException ex = new ServerException("InternalError", "while calling " + SIGNED, "req-2");
		ClientException safe = AliyunEcsAcsClient.withoutSignedUrl(ex);
		assertThat(safe).isInstanceOf(ServerException.class);
		assertThat(safe.getRequestId()).isEqualTo("req-2");
		assertThat(safe.getMessage()).doesNotContain("tok%2Fen").doesNotContain("Signature");
	}

	@Test
	void messageWithoutAQueryIsLeftAlone() {
		ClientException ex = new ClientException("Throttling.User", "Request was denied due to user flow control.",
				"req-3");
		assertThat(AliyunEcsAcsClient.withoutSignedUrl(ex)).isSameAs(ex);
	}

}
