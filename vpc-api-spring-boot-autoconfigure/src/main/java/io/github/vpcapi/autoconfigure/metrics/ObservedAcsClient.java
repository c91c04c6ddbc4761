package io.github.vpcapi.autoconfigure.metrics;

import java.net.SocketTimeoutException;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.CommonRequest;
import com.aliyuncs.CommonResponse;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.auth.Credential;
import com.aliyuncs.auth.signers.SignatureAlgorithm;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.HttpResponse;
import com.aliyuncs.policy.retry.RetryPolicy;
import com.aliyuncs.profile.IClientProfile;
import io.github.vpcapi.autoconfigure.AliyunEcsEndpoint;
import io.github.vpcapi.autoconfigure.AliyunEcsErrors;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * An {@link IAcsClient} that records every call of the client it wraps as an
 * {@link Observation} named {@code aliyun.ecs.client.requests}: a timer with the metrics
 * handler, a span with tracing. Tags are bounded: {@code action}, {@code region},
 * {@code network}, {@code outcome} and {@code error.code}; never a request id.
 */
final class ObservedAcsClient implements IAcsClient {

	static final String NAME = "aliyun.ecs.client.requests";

	private final IAcsClient delegate;

	private final ObservationRegistry registry;

	private final AliyunEcsEndpoint endpoint;

	ObservedAcsClient(IAcsClient delegate, ObservationRegistry registry, AliyunEcsEndpoint endpoint) {
		this.delegate = delegate;
		this.registry = registry;
		this.endpoint = endpoint;
	}

	IAcsClient getDelegate() {
		return this.delegate;
	}

	@FunctionalInterface
	private interface Call<R> {

		R call() throws ClientException;

	}

	private <R> R observe(String action, String regionId, Call<R> call) throws ClientException {
		Observation observation = Observation.createNotStarted(NAME, this.registry)
			.contextualName("ecs " + action)
			.lowCardinalityKeyValue("action", (action != null) ? action : "unknown")
			.lowCardinalityKeyValue("region", (regionId != null) ? regionId : this.endpoint.regionId())
			.lowCardinalityKeyValue("network", this.endpoint.network().name().toLowerCase(java.util.Locale.ROOT))
			.start();
		try {
			R result = call.call();
			if (result instanceof HttpResponse response && !response.isSuccess()) {
				String code = AliyunEcsErrors.errorCode(response);
				outcome(observation, (response.getStatus() >= 500) ? "server_error"
						: AliyunEcsErrors.isThrottling(code) ? "throttled" : "client_error", code);
			}
			else {
				outcome(observation, "success", "none");
			}
			return result;
		}
		catch (ClientException ex) {
			outcome(observation, outcome(ex), (ex.getErrCode() != null) ? ex.getErrCode() : "unknown");
			observation.error(ex);
			throw ex;
		}
		catch (RuntimeException ex) {
			outcome(observation, "client_error", ex.getClass().getSimpleName());
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private static void outcome(Observation observation, String outcome, String code) {
		observation.lowCardinalityKeyValues(KeyValues.of("outcome", outcome, "error.code", code));
	}

	static String outcome(ClientException ex) {
		String code = (ex.getErrCode() != null) ? ex.getErrCode() : "";
		if (AliyunEcsErrors.isThrottling(code)) {
			return "throttled";
		}
		if (ex instanceof ServerException) {
			return "server_error";
		}
		if (code.equals("SDK.ServerUnreachable") || code.equals("SDK.ReadTimeout")
				|| code.equals("SDK.InvalidServerResponse") || ex.getCause() instanceof java.io.IOException
				|| ex.getCause() instanceof SocketTimeoutException) {
			return "io_error";
		}
		return "client_error";
	}

	@Override
	public <T extends AcsResponse> HttpResponse doAction(AcsRequest<T> request) throws ClientException {
		return observe(action(request), region(request), () -> this.delegate.doAction(request));
	}

	@Override
	public <T extends AcsResponse> HttpResponse doAction(AcsRequest<T> request, boolean autoRetry, int maxRetryCounts)
			throws ClientException {
		return observe(action(request), region(request),
				() -> this.delegate.doAction(request, autoRetry, maxRetryCounts));
	}

	@Override
	public <T extends AcsResponse> HttpResponse doAction(AcsRequest<T> request, IClientProfile profile)
			throws ClientException {
		return observe(action(request), region(request), () -> this.delegate.doAction(request, profile));
	}

	@Override
	public <T extends AcsResponse> HttpResponse doAction(AcsRequest<T> request, String regionId, Credential credential)
			throws ClientException {
		return observe(action(request), regionId, () -> this.delegate.doAction(request, regionId, credential));
	}

	@Override
	public <T extends AcsResponse> HttpResponse doAction(AcsRequest<T> request, boolean autoRetry, int maxRetryCounts,
			IClientProfile profile) throws ClientException {
		return observe(action(request), region(request),
				() -> this.delegate.doAction(request, autoRetry, maxRetryCounts, profile));
	}

	@Override
	public <T extends AcsResponse> T getAcsResponse(AcsRequest<T> request) throws ClientException {
		return observe(action(request), region(request), () -> this.delegate.getAcsResponse(request));
	}

	@Override
	public <T extends AcsResponse> T getAcsResponse(AcsRequest<T> request, boolean autoRetry, int maxRetryCounts)
			throws ClientException {
		return observe(action(request), region(request),
				() -> this.delegate.getAcsResponse(request, autoRetry, maxRetryCounts));
	}

	@Override
	public <T extends AcsResponse> T getAcsResponse(AcsRequest<T> request, IClientProfile profile)
			throws ClientException {
		return observe(action(request), region(request), () -> this.delegate.getAcsResponse(request, profile));
	}

	@Override
	public <T extends AcsResponse> T getAcsResponse(AcsRequest<T> request, String regionId, Credential credential)
			throws ClientException {
		return observe(action(request), regionId, () -> this.delegate.getAcsResponse(request, regionId, credential));
	}

	@Override
	public <T extends AcsResponse> T getAcsResponse(AcsRequest<T> request, String regionId) throws ClientException {
		return observe(action(request), regionId, () -> this.delegate.getAcsResponse(request, regionId));
	}

	@Override
	public CommonResponse getCommonResponse(CommonRequest request) throws ClientException {
		return observe((request != null) ? request.getSysAction() : null,
				(request != null) ? request.getSysRegionId() : null, () -> this.delegate.getCommonResponse(request));
	}

	private static String action(AcsRequest<?> request) {
		return (request != null) ? request.getSysActionName() : null;
	}

	private static String region(AcsRequest<?> request) {
		return (request != null) ? request.getSysRegionId() : null;
	}

	@Override
	public void restoreSSLCertificate() {
		this.delegate.restoreSSLCertificate();
	}

	@Override
	public void ignoreSSLCertificate() {
		this.delegate.ignoreSSLCertificate();
	}

	@Override
	public void shutdown() {
		this.delegate.shutdown();
	}

	@Override
	public com.aliyuncs.auth.SignatureVersion getSignatureVersion() {
		return this.delegate.getSignatureVersion();
	}

	@Override
	public void setSignatureVersion(com.aliyuncs.auth.SignatureVersion signatureVersion) {
		this.delegate.setSignatureVersion(signatureVersion);
	}

	@Override
	public SignatureAlgorithm getSignatureAlgorithm() {
		return this.delegate.getSignatureAlgorithm();
	}

	@Override
	public void setSignatureAlgorithm(SignatureAlgorithm signatureAlgorithm) {
		this.delegate.setSignatureAlgorithm(signatureAlgorithm);
	}

	@Override
	public RetryPolicy getSysRetryPolicy() {
		return this.delegate.getSysRetryPolicy();
	}

	@Override
	public void setSysRetryPolicy(RetryPolicy retryPolicy) {
		this.delegate.setSysRetryPolicy(retryPolicy);
	}

}
