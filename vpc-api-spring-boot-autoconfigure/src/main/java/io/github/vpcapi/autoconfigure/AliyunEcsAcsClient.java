package io.github.vpcapi.autoconfigure;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.HttpResponse;
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
				throw ex;
			}
			if (attempt < maxAttempts && isRetryable(response)) {
				backOff(attempt);
				continue;
			}
			return response;
		}
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
		// Read timeouts are not retried: a hanging endpoint would multiply the wait.
		return ex instanceof ServerException || "SDK.ServerUnreachable".equals(ex.getErrCode())
				|| AliyunEcsErrors.isThrottling(ex.getErrCode());
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
