package io.github.vpcapi.autoconfigure.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.vpcapi.autoconfigure.AliyunEcsCheck;
import io.github.vpcapi.autoconfigure.AliyunEcsCheck.Result;
import io.github.vpcapi.autoconfigure.AliyunEcsEndpoint;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * {@link HealthIndicator} for the Alibaba Cloud ECS endpoint: a {@code DescribeRegions}
 * call through the client. Results are cached for a time to live, concurrent callers share
 * the call in flight, and a caller never waits longer than the timeout. Calls run on one
 * dedicated thread, so a hanging endpoint holds at most one thread and one connection.
 */
public class AliyunEcsHealthIndicator implements HealthIndicator, DisposableBean {

	private final AliyunEcsCheck check;

	private final Duration timeout;

	private final Duration cacheTtl;

	private final Clock clock;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "aliyun-ecs-health");
		thread.setDaemon(true);
		return thread;
	});

	private final Object monitor = new Object();

	private CompletableFuture<Health> inFlight;

	private Instant inFlightSince;

	private Health cached;

	private Instant cachedAt;

	/**
	 * Create a new indicator.
	 * @param check the check to run
	 * @param timeout the longest a caller waits
	 * @param cacheTtl how long a result is reused
	 * @param clock the clock
	 */
	public AliyunEcsHealthIndicator(AliyunEcsCheck check, Duration timeout, Duration cacheTtl, Clock clock) {
		this.check = check;
		this.timeout = timeout;
		this.cacheTtl = cacheTtl;
		this.clock = clock;
	}

	@Override
	public Health health() {
		CompletableFuture<Health> future;
		Instant since;
		synchronized (this.monitor) {
			if (this.cached != null && this.clock.instant().isBefore(this.cachedAt.plus(this.cacheTtl))) {
				return this.cached;
			}
			if (this.inFlight == null) {
				Instant startedAt = this.clock.instant();
				CompletableFuture<Health> started = CompletableFuture.supplyAsync(() -> toHealth(run(startedAt)),
						this.executor);
				this.inFlight = started;
				this.inFlightSince = startedAt;
				// May run at once, on this thread, when the check has already finished.
				started.whenComplete((health, ex) -> completed(started, health));
				future = started;
			}
			else {
				future = this.inFlight;
			}
			since = this.inFlightSince;
		}
		long waitNanos = this.timeout.toNanos() - Duration.between(since, this.clock.instant()).toNanos();
		try {
			return future.get(Math.max(waitNanos, 0), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			return timedOut(since);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return withBaseDetails(Health.unknown(), since).withDetail("reason", "interrupted").build();
		}
		catch (ExecutionException ex) {
			return withBaseDetails(Health.down(), since).withDetail("reason", "client-error")
				.withDetail("error", ex.getCause().getClass().getName())
				.build();
		}
	}

	private Result run(Instant startedAt) {
		Result result = this.check.run();
		// The check's read timeout is a second longer than callers wait, so they have
		// already been told "timeout": the same hang keeps that reason, in the cache too.
		return "read-timeout".equals(result.details().get("reason")) ? this.check.timedOut(startedAt) : result;
	}

	private void completed(CompletableFuture<Health> finished, Health health) {
		synchronized (this.monitor) {
			if (this.inFlight == finished) {
				this.inFlight = null;
			}
			if (health != null) {
				this.cached = health;
				this.cachedAt = this.clock.instant();
			}
		}
	}

	private Health timedOut(Instant since) {
		Health health = toHealth(this.check.timedOut(since));
		synchronized (this.monitor) {
			// Cached too, so that callers do not queue up behind a hanging endpoint.
			if (this.inFlight != null) {
				this.cached = health;
				this.cachedAt = this.clock.instant();
			}
		}
		return health;
	}

	private Health.Builder withBaseDetails(Health.Builder builder, Instant checkedAt) {
		// The details every result of the check has, also when the check produced none.
		AliyunEcsEndpoint endpoint = this.check.getEndpoint();
		return builder.withDetail("region", endpoint.regionId())
			.withDetail("network", endpoint.network().name().toLowerCase(Locale.ROOT))
			.withDetail("endpoint", endpoint.host())
			.withDetail("checkedAt", checkedAt.toString());
	}

	private static Health toHealth(Result result) {
		Status status = switch (result.outcome()) {
			case UP -> Status.UP;
			case UNKNOWN -> Status.UNKNOWN;
			case DOWN -> Status.DOWN;
		};
		return Health.status(status).withDetails(result.details()).build();
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
