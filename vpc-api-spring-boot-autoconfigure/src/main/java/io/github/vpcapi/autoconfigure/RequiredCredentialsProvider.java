package io.github.vpcapi.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import com.aliyuncs.auth.AlibabaCloudCredentials;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.AnonymousCredentials;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;

/**
 * Wraps the credentials provider of the client so that a call never goes out unsigned: a
 * {@code DefaultAcsClient} whose provider yields nothing, or anonymous credentials, would
 * otherwise send the request without a signature. Also makes the refresh of expiring
 * credentials happen once, not once per concurrent caller.
 */
final class RequiredCredentialsProvider implements AlibabaCloudCredentialsProvider {

	private final AlibabaCloudCredentialsProvider delegate;

	// The SDK's refreshing providers (RAM role, default chain) check and fetch without a
	// lock: N threads meeting expired credentials would make N metadata-service calls. So
	// one caller asks the provider, and those who arrive meanwhile share its outcome, a
	// failure included (a lock would instead have each of them retry the failing fetch).
	private final boolean shareInFlight;

	private final AtomicReference<CompletableFuture<AlibabaCloudCredentials>> inFlight = new AtomicReference<>();

	RequiredCredentialsProvider(AlibabaCloudCredentialsProvider delegate) {
		this.delegate = delegate;
		this.shareInFlight = !(delegate instanceof StaticCredentialsProvider);
	}

	AlibabaCloudCredentialsProvider getDelegate() {
		return this.delegate;
	}

	@Override
	public AlibabaCloudCredentials getCredentials() throws ClientException {
		AlibabaCloudCredentials credentials = this.shareInFlight ? sharedCredentials()
				: this.delegate.getCredentials();
		if (credentials == null || credentials instanceof AnonymousCredentials || credentials.getAccessKeyId() == null
				|| credentials.getAccessKeyId().isEmpty()) {
			throw new ClientException("VpcApi.NoCredentials", "The credentials provider "
					+ this.delegate.getClass().getName() + " returned no credentials; refusing to send an unsigned "
					+ "request. Set aliyun.ecs.credentials.* or fix the provider.");
		}
		return credentials;
	}

	private AlibabaCloudCredentials sharedCredentials() throws ClientException {
		CompletableFuture<AlibabaCloudCredentials> mine = new CompletableFuture<>();
		CompletableFuture<AlibabaCloudCredentials> running = this.inFlight.compareAndExchange(null, mine);
		if (running == null) {
			try {
				mine.complete(this.delegate.getCredentials());
			}
			catch (Throwable ex) {
				mine.completeExceptionally(ex);
			}
			finally {
				this.inFlight.set(null);
			}
			running = mine;
		}
		try {
			return running.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ClientException("SDK.InterruptedException", "Interrupted while waiting for credentials", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof ClientException clientException) {
				throw clientException;
			}
			if (cause instanceof RuntimeException runtimeException) {
				throw runtimeException;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new ClientException("SDK.InvalidCredentials", "The credentials provider failed", cause);
		}
	}

}
