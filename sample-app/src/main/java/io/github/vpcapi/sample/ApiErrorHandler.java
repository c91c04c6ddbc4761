package io.github.vpcapi.sample;

import java.util.Locale;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns Alibaba Cloud API errors into RFC 9457 problem details carrying the error code and
 * request id, never the server's echo of the signed request.
 */
@RestControllerAdvice
class ApiErrorHandler {

	@ExceptionHandler(ClientException.class)
	ProblemDetail apiError(ClientException ex) {
		HttpStatus status = status(ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(ex));
		problem.setTitle("Alibaba Cloud ECS API error");
		problem.setProperty("errorCode", ex.getErrCode());
		if (ex.getRequestId() != null) {
			problem.setProperty("requestId", ex.getRequestId());
		}
		return problem;
	}

	private static HttpStatus status(ClientException ex) {
		String code = (ex.getErrCode() != null) ? ex.getErrCode() : "";
		if (code.startsWith("Throttling")) {
			return HttpStatus.TOO_MANY_REQUESTS;
		}
		if (ex instanceof ServerException || code.startsWith("SDK.")) {
			return (code.equals("SDK.ReadTimeout")) ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
		}
		if (code.startsWith("VpcApi.")) {
			return HttpStatus.INTERNAL_SERVER_ERROR;
		}
		return HttpStatus.BAD_GATEWAY;
	}

	// The caller of this API is not the operator of this service: a failure on this side
	// (SDK.*: network, timeout, unreadable answer) is named, not described. The server's own
	// messages are passed on, less any echo of the signed request.
	static String detail(ClientException ex) {
		String code = (ex.getErrCode() != null) ? ex.getErrCode() : "";
		if (code.startsWith("SDK.")) {
			return "The ECS API could not be called (" + code + "); the service log has the details.";
		}
		String message = (ex.getErrMsg() != null) ? ex.getErrMsg() : "";
		int cut = message.toLowerCase(Locale.ROOT).indexOf("string to sign");
		return (cut >= 0) ? message.substring(0, cut) + "(string to sign omitted)" : message;
	}

}
