package io.github.vpcapi.autoconfigure;

import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.Credential;
import com.aliyuncs.auth.Signer;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.HttpResponse;
import com.aliyuncs.http.HttpUtil;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.profile.IClientProfile;
import com.aliyuncs.regions.ProductDomain;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Network;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties.Retry;

/**
 * The auto-configured {@code IAcsClient}: a {@link DefaultAcsClient} that talks to exactly
 * one endpoint. Endpoint resolution never reaches the SDK's resolver chain (which ends in
 * the Location service and reads JVM-global tables); a request that names another
 * endpoint, another product or, on the VPC network, another region fails before anything
 * is sent. Throttling and server errors of read-only actions are retried with jittered
 * backoff.
 */
final class AliyunEcsAcsClient extends DefaultAcsClient {

	private static final String PRODUCT = "Ecs";

	static final String SDK_HTTP_DEBUG_REASON = "the SDK's HTTP debug switch (an environment variable DEBUG that "
			+ "contains 'sdk', or HttpUtil.setIsHttpDebug(true)) logs every signed request URL, the STS token in it";

	static final String SDK_HTTP_DEBUG_ACTION = "Unset DEBUG (or take 'sdk' out of it). To see the calls, use "
			+ "logging.level.io.github.vpcapi=debug or the aliyun.ecs.client.requests metrics.";

	static final String SDK_LOGGER_REASON = "an SDK request logger is set on the client profile "
			+ "(DefaultProfile.setLogger), and its log line holds the signed request URL, the STS token in it";

	static final String SDK_LOGGER_ACTION = "Remove the setLogger call from your AliyunEcsClientCustomizer or profile "
			+ "bean. To see the calls, use logging.level.io.github.vpcapi=debug or the aliyun.ecs.client.requests metrics.";

	// A URL and its query, up to the first character a URL-encoded query cannot hold.
	private static final Pattern SIGNED_QUERY = Pattern.compile("(https?://[^\\s?\"'<>]*)\\?[^\\s\"'<>]*");

	private final AliyunEcsEndpoint endpoint;

	private final Retry retry;

	AliyunEcsAcsClient(DefaultProfile profile, AlibabaCloudCredentialsProvider credentialsProvider,
			AliyunEcsEndpoint endpoint, Retry retry) {
		super(profile, credentialsProvider);
		this.endpoint = endpoint;
		this.retry = retry;
	}

	AliyunEcsEndpoint getEndpoint() {
		return this.endpoint;
	}

	@Override
	public <T extends AcsResponse> HttpResponse doAction(AcsRequest<T> request, boolean autoRetry, int maxRetryCounts,
			IClientProfile profile) throws ClientException, ServerException {
		requireRequest(request);
		// A request with its own retry policy is left to the SDK's retry loop.
		int maxAttempts = (request.getSysRetryPolicy() == null && mayRetry(request)) ? this.retry.getMaxAttempts() : 1;
		for (int attempt = 1;; attempt++) {
			HttpResponse response;
			try {
				response = super.doAction(request, autoRetry, maxRetryCounts, profile);
			}
			catch (ClientException ex) {
				if (attempt < maxAttempts && isRetryable(ex)) {
					backOff(attempt);
					continue;
				}
				throw withoutSignedUrl(ex);
			}
			if (attempt < maxAttempts && isRetryable(response)) {
				backOff(attempt);
				continue;
			}
			return response;
		}
	}

	// Both overloads below bypass the one above in the SDK; they are guarded the same way.
	@Override
	public <T extends AcsResponse> HttpResponse doAction(AcsRequest<T> request, String regionId, Credential credential)
			throws ClientException, ServerException {
		requireRequest(request);
		try {
			return super.doAction(request, regionId, credential);
		}
		catch (ClientException ex) {
			throw withoutSignedUrl(ex);
		}
	}

	@Override
	@Deprecated
	public <T extends AcsResponse> HttpResponse doAction(AcsRequest<T> request, boolean autoRetry, int maxRetryNumber,
			String regionId, Credential credential, Signer signer, FormatType format)
			throws ClientException, ServerException {
		requireRequest(request);
		try {
			return super.doAction(request, autoRetry, maxRetryNumber, regionId, credential, signer, format);
		}
		catch (ClientException ex) {
			throw withoutSignedUrl(ex);
		}
	}

	/**
	 * The SDK names the request's URL in the message of a connection failure or a read
	 * timeout, and that URL is the signed one: the AccessKey ID, the signature and the STS
	 * token in its query. The same exception comes back with the query cut, so that logging
	 * it, a span recording it or an error page quoting it discloses nothing.
	 */
	static ClientException withoutSignedUrl(ClientException ex) {
		String message = ex.getErrMsg();
		String safe = (message != null) ? SIGNED_QUERY.matcher(message).replaceAll("$1?<parameters omitted>") : null;
		if (safe == null || safe.equals(message)) {
			return ex;
		}
		ClientException copy;
		if (ex instanceof ServerException) {
			copy = new ServerException(ex.getErrCode(), safe, ex.getRequestId());
			if (ex.getCause() != null) {
				copy.initCause(ex.getCause());
			}
		}
		else {
			copy = new ClientException(ex.getErrCode(), safe, ex.getCause());
			copy.setRequestId(ex.getRequestId());
		}
		copy.setErrorType(ex.getErrorType());
		copy.setErrorDescription(ex.getErrorDescription());
		copy.setAccessDeniedDetail(ex.getAccessDeniedDetail());
		copy.setStackTrace(ex.getStackTrace());
		return copy;
	}

	private static void requireRequest(AcsRequest<?> request) throws ClientException {
		if (request == null) {
			throw new ClientException("VpcApi.NullRequest", "The request is null; pass an ECS request such as "
					+ "new DescribeInstancesRequest()");
		}
	}

	private boolean mayRetry(AcsRequest<?> request) {
		String action = request.getSysActionName();
		return this.retry.isRetryNonIdempotent() || (action != null && (action.startsWith("Describe")
				|| action.startsWith("List") || action.startsWith("Query") || action.startsWith("Get")));
	}

	private static boolean isRetryable(ClientException ex) {
		// Read timeouts are not retried: a hanging endpoint would multiply the wait. Nor are
		// an untrusted certificate and an unknown host: the next attempt would fail alike.
		if ("SDK.ServerUnreachable".equals(ex.getErrCode())) {
			for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
				if (cause instanceof SSLException || cause instanceof UnknownHostException) {
					return false;
				}
			}
			return true;
		}
		return ex instanceof ServerException || AliyunEcsErrors.isThrottling(ex.getErrCode());
	}

	private static boolean isRetryable(HttpResponse response) {
		if (response.isSuccess()) {
			return false;
		}
		return response.getStatus() >= 500 || AliyunEcsErrors.isThrottling(AliyunEcsErrors.errorCode(response));
	}

	private void backOff(int attempt) throws ClientException {
		// Equal jitter: half the exponential delay, plus a random share of the other half.
		long base = this.retry.getBaseDelay().toMillis();
		long delay = Math.min(this.retry.getMaxDelay().toMillis(), base << Math.min(attempt - 1, 20));
		long sleep = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
		try {
			TimeUnit.MILLISECONDS.sleep(sleep);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ClientException("SDK.InterruptedException", "Interrupted while waiting to retry", ex);
		}
	}

	@Override
	public ProductDomain getDomain(AcsRequest request, String regionId) throws ClientException {
		requireRequest(request);
		// Checked on every call, just before the SDK would sign and print the request.
		if (Boolean.TRUE.equals(HttpUtil.getIsHttpDebug())) {
			throw new ClientException("VpcApi.SdkHttpDebugOn", SDK_HTTP_DEBUG_REASON + "; this client refuses to "
					+ "send while it is on. " + SDK_HTTP_DEBUG_ACTION);
		}
		// getProfile() is public: a logger can be set after startup too.
		if (getProfile().getLogger() != null) {
			throw new ClientException("VpcApi.SdkRequestLoggerSet", SDK_LOGGER_REASON + "; this client refuses to "
					+ "send while it is set. " + SDK_LOGGER_ACTION);
		}
		String product = request.getSysProduct();
		if (!PRODUCT.equalsIgnoreCase(product)) {
			throw new ClientException("VpcApi.UnsupportedProduct", "This client calls only the ECS endpoint "
					+ this.endpoint.host() + "; product '" + product + "' has no known VPC endpoint here. Build a"
					+ " separate client for that product with its own VPC endpoint.");
		}
		ProductDomain requested = request.getSysProductDomain();
		if (requested != null && !this.endpoint.host().equalsIgnoreCase(requested.getDomainName())) {
			throw new ClientException("VpcApi.EndpointNotAllowed", "The request names endpoint '"
					+ requested.getDomainName() + "' but this client calls only " + this.endpoint.host()
					+ ". Remove setSysEndpoint from the request, or change aliyun.ecs.region / aliyun.ecs.endpoint.");
		}
		ProtocolType protocol = request.getSysProtocol();
		if (protocol != null && !protocol.name().equals(this.endpoint.protocol().name())) {
			throw new ClientException("VpcApi.ProtocolNotAllowed", "The request asks for " + protocol
					+ " but this client uses " + this.endpoint.protocol() + " (aliyun.ecs.protocol).");
		}
		// Set here, not left to the SDK: it would take the profile's protocol, HTTP by default.
		request.setSysProtocol(ProtocolType.valueOf(this.endpoint.protocol().name()));
		// POST carries the parameters in the body (see AliyunEcsHttpClient); ECS accepts both.
		request.setSysMethod(MethodType.POST);
		if (this.endpoint.network() == Network.VPC) {
			requireOwnRegion(regionId);
			requireOwnRegion(request.getSysQueryParameters().get("RegionId"));
			requireOwnRegion(((Map<String, String>) request.getSysBodyParameters()).get("RegionId"));
		}
		return new ProductDomain(product, this.endpoint.host());
	}

	private void requireOwnRegion(Object regionId) throws ClientException {
		if (regionId != null && !this.endpoint.regionId().equalsIgnoreCase(regionId.toString())) {
			throw new ClientException("VpcApi.CrossRegionRequest", "The VPC endpoint " + this.endpoint.host()
					+ " serves only region " + this.endpoint.regionId() + ", but the request is for region " + regionId
					+ ". Use a client configured with aliyun.ecs.region=" + regionId
					+ " from inside that region's VPC, or aliyun.ecs.network=public where the internet is reachable.");
		}
	}

}
