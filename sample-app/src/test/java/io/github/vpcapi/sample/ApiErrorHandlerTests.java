package io.github.vpcapi.sample;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API errors become problem details with the Alibaba Cloud code and request id.
 */
class ApiErrorHandlerTests {

	private final ApiErrorHandler handler = new ApiErrorHandler();

	@Test
	void throttlingIs429WithCodeAndRequestId() {
		ProblemDetail problem = this.handler
			.apiError(new ClientException("Throttling.User", "Request was denied due to user flow control.", "REQ-1"));
		assertThat(problem.getStatus()).isEqualTo(429);
		assertThat(problem.getProperties()).containsEntry("errorCode", "Throttling.User")
			.containsEntry("requestId", "REQ-1");
	}

	@Test
	void serverErrorIs502AndReadTimeout504() {
		assertThat(this.handler.apiError(new ServerException("ServiceUnavailable", "down", "REQ-2")).getStatus())
			.isEqualTo(502);
		assertThat(this.handler.apiError(new ClientException("SDK.ReadTimeout", "slow")).getStatus()).isEqualTo(504);
	}

	@Test
	void theEchoedStringToSignIsNeverReturned() {
		ProblemDetail problem = this.handler.apiError(new ClientException("SignatureDoesNotMatch",
				"Specified signature is not matched. server string to sign is:POST&%2F&SecurityToken%3Dtok", "REQ-3"));
		assertThat(problem.getDetail()).doesNotContain("tok").contains("string to sign omitted");
		assertThat(problem.getStatus()).isEqualTo(502);
	}

	@Test
	void clientSideFailuresAreNamedNotDescribed() {
		ProblemDetail problem = this.handler.apiError(new ClientException("SDK.ReadTimeout",
				"SocketTimeoutException has occurred. The url is https://ecs-vpc.cn-hangzhou.aliyuncs.com/?SecurityToken=tok"));
		assertThat(problem.getDetail()).isEqualTo(
				"The ECS API could not be called (SDK.ReadTimeout); the service log has the details.");
		assertThat(problem.getStatus()).isEqualTo(504);
	}

}
