package io.github.vpcapi.autoconfigure;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLException;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.policy.retry.RetryPolicy;
import org.apache.http.conn.ConnectTimeoutException;

/**
 * One {@code DescribeRegions} call through the client, diagnosed: proof that the endpoint
 * is reachable and the credentials are accepted, or the reason why not. Used by the
 * health indicator and by {@code aliyun.ecs.verify-on-startup}. Details never carry a
 * secret, a signature or the server's string-to-sign.
 */
public final class AliyunEcsCheck {

	private final IAcsClient client;

	private final AliyunEcsEndpoint endpoint;

	private final Duration timeout;

	private final Clock clock;

	/**
	 * Create a check.
	 * @param client the client to check
	 * @param endpoint the endpoint the client calls
	 * @param timeout the connect and read timeout of the call
	 * @param clock the clock for {@code checkedAt}
	 */
	public AliyunEcsCheck(IAcsClient client, AliyunEcsEndpoint endpoint, Duration timeout, Clock clock) {
		this.client = client;
		this.endpoint = endpoint;
		this.timeout = timeout;
		this.clock = clock;
	}

	/**
	 * Return the endpoint this check calls.
	 * @return the endpoint
	 */
	public AliyunEcsEndpoint getEndpoint() {
		return this.endpoint;
	}

	/**
	 * Call the endpoint once and diagnose the outcome.
	 * @return the result
	 */
	public Result run() {
		DescribeRegionsRequest request = new DescribeRegionsRequest();
		int millis = (int) Math.min(Integer.MAX_VALUE, this.timeout.toMillis());
		request.setSysConnectTimeout(millis);
		// A second longer than callers wait, so that a hang is reported as the check's timeout.
		int readTimeout = (int) Math.min(Integer.MAX_VALUE, millis + 1000L);
		request.setSysReadTimeout(readTimeout);
		// A health check must answer within its timeout: no retries.
		request.setSysRetryPolicy(RetryPolicy.none());
		Instant checkedAt = this.clock.instant();
		long start = System.nanoTime();
		try {
			DescribeRegionsResponse response = this.client.getAcsResponse(request);
			Map<String, Object> details = baseDetails(start, checkedAt);
			details.put("regions", (response.getRegions() != null) ? response.getRegions().size() : 0);
			details.put("requestId", response.getRequestId());
			return new Result(Outcome.UP, details);
		}
		catch (ClientException ex) {
			return diagnose(ex, baseDetails(start, checkedAt), readTimeout + "ms (aliyun.ecs.health.timeout + 1s)");
		}
		catch (RuntimeException ex) {
			Map<String, Object> details = baseDetails(start, checkedAt);
			details.put("reason", "client-error");
			details.put("error", ex.getClass().getName());
			return new Result(Outcome.DOWN, details);
		}
	}

	/**
	 * Return the result of a check that did not finish within the timeout.
	 * @param checkedAt when the check started
	 * @return a DOWN result with {@code reason=timeout}
	 */
	public Result timedOut(Instant checkedAt) {
		Map<String, Object> details = baseDetails(null, checkedAt);
		details.put("reason", "timeout");
		details.put("hint", "No answer from " + this.endpoint.host() + " within " + this.timeout.toMillis()
				+ "ms (aliyun.ecs.health.timeout). The endpoint accepted the connection but does not answer, or"
				+ " the network drops packets.");
		return new Result(Outcome.DOWN, details);
	}

	/**
	 * Diagnose an exception from a call through the client, as a check would.
	 * @param ex the exception
	 * @return the result, UNKNOWN for throttling and DOWN otherwise
	 */
	public Result diagnose(ClientException ex) {
		// Not this check's call: the read timeout is the client's, or the request's own.
		return diagnose(ex, baseDetails(null, this.clock.instant()), "the read timeout (aliyun.ecs.http.read-timeout)");
	}

	private Map<String, Object> baseDetails(Long start, Instant checkedAt) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("region", this.endpoint.regionId());
		details.put("network", this.endpoint.network().name().toLowerCase(java.util.Locale.ROOT));
		details.put("endpoint", this.endpoint.host());
		if (start != null) {
			details.put("responseTime", Duration.ofNanos(System.nanoTime() - start).toMillis() + "ms");
		}
		details.put("checkedAt", checkedAt.toString());
		return details;
	}

	private Result diagnose(ClientException ex, Map<String, Object> details, String readTimeout) {
		String code = ex.getErrCode();
		if (code != null && code.startsWith("Throttling")) {
			details.put("throttled", true);
			details.put("errorCode", code);
			putRequestId(details, ex);
			return new Result(Outcome.UNKNOWN, details);
		}
		if (isAuthenticationError(code)) {
			details.put("reason", "authentication");
			details.put("errorCode", code);
			putRequestId(details, ex);
			details.put("hint", authenticationHint(code));
			return new Result(Outcome.DOWN, details);
		}
		if ("VpcApi.NoCredentials".equals(code)) {
			details.put("reason", "no-credentials");
			details.put("errorCode", code);
			details.put("hint", "No credentials were found: set aliyun.ecs.credentials.access-key-id and"
					+ " access-key-secret, or aliyun.ecs.credentials.ram-role-name.");
			return new Result(Outcome.DOWN, details);
		}
		if ("VpcApi.CredentialsUnavailable".equals(code)) {
			details.put("reason", "credentials-unavailable");
			details.put("errorCode", code);
			details.put("hint", "The credentials source that answered before now fails (for an instance RAM role: the"
					+ " instance metadata service); the application log has its error.");
			return new Result(Outcome.DOWN, details);
		}
		if ("SDK.InvalidServerResponse".equals(code) || "(null)".equals(code)) {
			details.put("reason", "invalid-response");
			details.put("hint", "The endpoint answered with a body that is not a complete ECS API response;"
					+ " a proxy or a load balancer may be answering instead of ECS.");
			return new Result(Outcome.DOWN, details);
		}
		if (ex instanceof ServerException) {
			details.put("reason", "server-error");
			details.put("errorCode", code);
			putRequestId(details, ex);
			details.put("hint", "The endpoint answered with a server error; it is reachable but failing.");
			return new Result(Outcome.DOWN, details);
		}
		if ("SDK.ReadTimeout".equals(code) || cause(ex, SocketTimeoutException.class) != null
				&& cause(ex, ConnectTimeoutException.class) == null) {
			details.put("reason", "read-timeout");
			details.put("hint", "Connected to " + this.endpoint.host() + " but no answer came within " + readTimeout
					+ ".");
			return new Result(Outcome.DOWN, details);
		}
		Throwable network = networkCause(ex);
		if (network != null) {
			return new Result(Outcome.DOWN, networkDetails(network, details));
		}
		details.put("reason", "client-error");
		details.put("errorCode", code);
		putRequestId(details, ex);
		details.put("error", safeMessage(ex.getErrMsg()));
		return new Result(Outcome.DOWN, details);
	}

	private Map<String, Object> networkDetails(Throwable cause, Map<String, Object> details) {
		String host = this.endpoint.host();
		if (cause instanceof UnknownHostException) {
			details.put("reason", "dns");
			details.put("hint", host + " does not resolve. VPC endpoints resolve only inside a VPC of region "
					+ this.endpoint.regionId() + ": check that this instance runs in that region (aliyun.ecs.region)"
					+ " and uses the VPC's DNS.");
		}
		else if (cause instanceof ConnectTimeoutException) {
			details.put("reason", "connect-timeout");
			details.put("hint", "Connecting to " + host + " timed out: check the security group's outbound rules"
					+ " and the VPC's route table.");
		}
		else if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
			details.put("reason", "connection-refused");
			details.put("hint", "The connection to " + host + " was refused: check the security group, the route"
					+ " table and aliyun.ecs.http.proxy.");
		}
		else if (cause instanceof SSLException) {
			details.put("reason", "tls");
			details.put("hint", "The TLS handshake with " + host + " failed (" + cause.getClass().getSimpleName()
					+ "): a proxy may intercept TLS; trust its CA with aliyun.ecs.http.ssl-bundle.");
		}
		else {
			details.put("reason", "connection-reset");
			details.put("hint", "The connection to " + host + " broke (" + cause.getClass().getSimpleName() + ").");
		}
		return details;
	}

	private static Throwable networkCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnknownHostException || cause instanceof ConnectTimeoutException
					|| cause instanceof SSLException || cause instanceof ConnectException
					|| cause instanceof NoRouteToHostException) {
				return cause;
			}
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketException || cause instanceof java.io.IOException) {
				return cause;
			}
		}
		return null;
	}

	private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static boolean isAuthenticationError(String code) {
		return code != null && (code.startsWith("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch")
				|| code.equals("SDK.InvalidAccessKeySecret") || code.equals("IncompleteSignature")
				|| code.startsWith("InvalidSecurityToken") || code.startsWith("Forbidden")
				|| code.startsWith("InvalidTimeStamp") || code.equals("SignatureNonceUsed"));
	}

	private static String authenticationHint(String code) {
		if (code.startsWith("InvalidAccessKeyId")) {
			return "The AccessKey ID is unknown or disabled: check aliyun.ecs.credentials.access-key-id.";
		}
		if (code.equals("SignatureDoesNotMatch") || code.equals("SDK.InvalidAccessKeySecret")
				|| code.equals("IncompleteSignature")) {
			return "The signature was rejected: check aliyun.ecs.credentials.access-key-secret.";
		}
		if (code.startsWith("InvalidSecurityToken")) {
			return "The STS token was rejected or has expired: refresh aliyun.ecs.credentials.security-token.";
		}
		if (code.startsWith("InvalidTimeStamp")) {
			return "The request timestamp was rejected: the clock of this machine is off; check NTP.";
		}
		if (code.startsWith("Forbidden")) {
			return "The credentials are valid but lack permission: grant ecs:DescribeRegions to the RAM user or role.";
		}
		return "The request was rejected as a replay; retry.";
	}

	private static void putRequestId(Map<String, Object> details, ClientException ex) {
		if (ex.getRequestId() != null && !"(null)".equals(ex.getRequestId())) {
			details.put("requestId", ex.getRequestId());
		}
	}

	/**
	 * Return the message without anything the server echoed of the signed request.
	 * @param message the message
	 * @return the message, cut before the server's string-to-sign
	 */
	static String safeMessage(String message) {
		if (message == null) {
			return null;
		}
		int cut = message.toLowerCase(java.util.Locale.ROOT).indexOf("string to sign");
		String safe = (cut >= 0) ? message.substring(0, cut) + "(string to sign omitted)" : message;
		return (safe.length() > 300) ? safe.substring(0, 300) + "..." : safe;
	}

	/**
	 * The outcome of a check.
	 */
	public enum Outcome {

		/**
		 * The endpoint answered and accepted the credentials.
		 */
		UP,

		/**
		 * The endpoint answered but throttled the call: it is reachable and authenticated
		 * the request, so the outcome says nothing against this instance.
		 */
		UNKNOWN,

		/**
		 * The endpoint cannot be used.
		 */
		DOWN

	}

	/**
	 * The result of one check.
	 *
	 * @param outcome the outcome
	 * @param details what was seen, for the health details or the failure analysis
	 */
	public record Result(Outcome outcome, Map<String, Object> details) {

		public Result {
			details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
		}

	}

}
