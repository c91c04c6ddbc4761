package io.github.vpcapi.emulator;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.X509TrustManager;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * A local emulator of the Alibaba Cloud ECS OpenAPI (RPC style, version 2014-05-26). One
 * port serves direct requests and acts as an HTTP proxy, including {@code CONNECT} tunnels
 * that it terminates with a certificate for the requested host signed by its own CA; so a
 * client routed through it still targets {@code ecs-vpc.<region>.aliyuncs.com}, and every
 * request is recorded with the host it was meant for.
 */
public final class EcsEmulator implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(EcsEmulator.class.getName());

	private final int requestedPort;

	private final boolean directTls;

	private final EcsApi api;

	private final CertificateAuthority authority = new CertificateAuthority();

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final Map<String, FaultSlot> faults = new ConcurrentHashMap<>();

	private final Clock clock;

	private final AtomicLong acceptedConnections = new AtomicLong();

	private EventLoopGroup group;

	private ChannelGroup channels;

	private Channel serverChannel;

	private EcsEmulator(Builder builder) {
		this.requestedPort = builder.port;
		this.directTls = builder.directTls;
		this.clock = builder.clock;
		this.api = new EcsApi(builder.keys, builder.tolerance, builder.clock, builder.instances);
	}

	/**
	 * Return a new builder.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Start listening on loopback.
	 * @return this emulator
	 */
	public synchronized EcsEmulator start() {
		if (this.serverChannel != null) {
			return this;
		}
		this.group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("ecs-emulator", true),
				NioIoHandler.newFactory());
		this.channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.group)
			.channel(NioServerSocketChannel.class)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					EcsEmulator.this.channels.add(channel);
					EcsEmulator.this.acceptedConnections.incrementAndGet();
					if (EcsEmulator.this.directTls) {
						channel.pipeline().addLast(new SniHandler((host) -> serverContext(host)));
					}
					channel.pipeline()
						.addLast(new HttpServerCodec())
						.addLast(new HttpObjectAggregator(EmulatorHandler.MAX_CONTENT))
						.addLast(new EmulatorHandler(EcsEmulator.this));
				}
			});
		try {
			this.serverChannel = bootstrap
				.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.requestedPort))
				.sync()
				.channel();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while starting", ex);
		}
		catch (RuntimeException ex) {
			this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			throw ex;
		}
		return this;
	}

	private SslContext serverContext(String host) {
		return this.authority.serverContext((host != null) ? host : "localhost");
	}

	/**
	 * Return the bound port.
	 * @return the port
	 */
	public int port() {
		requireStarted();
		return ((InetSocketAddress) this.serverChannel.localAddress()).getPort();
	}

	/**
	 * Return the bound address as {@code 127.0.0.1:port}, usable as a proxy address.
	 * @return the address
	 */
	public String address() {
		return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
	}

	/**
	 * Return the CA that signs the certificates the emulator presents.
	 * @return the CA certificate
	 */
	public X509Certificate caCertificate() {
		return this.authority.certificate();
	}

	/**
	 * Return the CA certificate in PEM form.
	 * @return the PEM text
	 */
	public String caCertificatePem() {
		return this.authority.certificatePem();
	}

	/**
	 * Return a trust manager that trusts only the emulator's CA.
	 * @return the trust manager
	 */
	public X509TrustManager trustManager() {
		return this.authority.trustManager();
	}

	/**
	 * Return the requests received so far, in arrival order.
	 * @return an immutable snapshot
	 */
	public List<RecordedRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Return how many requests were received.
	 * @return the count
	 */
	public int requestCount() {
		return this.requests.size();
	}

	/**
	 * Return how many TCP connections the emulator accepted since it started: with
	 * {@link #requestCount()}, shows whether a client reuses its connections.
	 * @return the number of accepted connections
	 */
	public long acceptedConnections() {
		return this.acceptedConnections.get();
	}

	/**
	 * Forget the recorded requests.
	 */
	public void clearRequests() {
		this.requests.clear();
	}

	/**
	 * Inject a fault for every action.
	 * @param fault the fault
	 */
	public void inject(Fault fault) {
		this.faults.put("*", new FaultSlot(fault));
	}

	/**
	 * Inject a fault for one action; it wins over a fault for every action.
	 * @param action the action, such as {@code DescribeRegions}
	 * @param fault the fault
	 */
	public void inject(String action, Fault fault) {
		this.faults.put(action, new FaultSlot(fault));
	}

	/**
	 * Remove every injected fault.
	 */
	public void clearFaults() {
		this.faults.clear();
	}

	/**
	 * Replace the instances {@code DescribeInstances} answers.
	 * @param instances the instances
	 */
	public void setInstances(Collection<EcsInstance> instances) {
		this.api.setInstances(List.copyOf(instances));
	}

	/**
	 * Add an instance to those {@code DescribeInstances} answers.
	 * @param instance the instance
	 */
	public void addInstance(EcsInstance instance) {
		this.api.addInstance(instance);
	}

	CertificateAuthority authority() {
		return this.authority;
	}

	void handle(ChannelHandlerContext ctx, String method, EmulatorHandler.Target target, Map<String, String> params,
			boolean keepAlive) {
		EcsApi.Answer rejection = this.api.authenticate(method, params, target.host());
		boolean signatureValid = rejection == null || !isSignatureError(rejection.errorCode());
		Fault fault = takeFault(params.get("Action"));
		if (fault != null) {
			switch (fault.kind) {
				case ERROR -> {
					send(ctx, method, target, params, signatureValid,
							EcsApi.error(target.host(), fault.status, fault.code, fault.message), keepAlive);
					return;
				}
				case HANG -> {
					record(method, target, params, signatureValid, 0, "(hang)");
					return;
				}
				case RESET -> {
					record(method, target, params, signatureValid, 0, "(reset)");
					EmulatorHandler.reset(ctx);
					return;
				}
				case TRUNCATED -> {
					byte[] body = EmulatorHandler.truncate(EcsApi.ok(this.api.describeRegions()).body());
					record(method, target, params, signatureValid, 200, "(truncated)");
					EmulatorHandler.respond(ctx, 200, body, keepAlive);
					return;
				}
				case DELAY -> {
					EcsApi.Answer answer = (rejection != null) ? rejection : this.api.act(params, target.host());
					EmulatorHandler.later(ctx, fault.delay.toMillis(), () -> send(ctx, method,
							target, params, signatureValid, answer, keepAlive));
					return;
				}
			}
		}
		EcsApi.Answer answer = (rejection != null) ? rejection : this.api.act(params, target.host());
		send(ctx, method, target, params, signatureValid, answer, keepAlive);
	}

	private static boolean isSignatureError(String code) {
		return code != null && (code.equals("SignatureDoesNotMatch") || code.equals("IncompleteSignature")
				|| code.startsWith("InvalidAccessKeyId") || code.startsWith("InvalidSecurityToken")
				|| code.startsWith("InvalidTimeStamp") || code.equals("MissingParameter")
				|| code.equals("SignatureNonceUsed") || code.equals("InvalidParameter"));
	}

	private Fault takeFault(String action) {
		Fault fault = (action != null) ? take(action) : null;
		return (fault != null) ? fault : take("*");
	}

	private Fault take(String key) {
		FaultSlot slot = this.faults.get(key);
		if (slot == null) {
			return null;
		}
		Fault fault = slot.take();
		if (fault == null) {
			this.faults.remove(key, slot);
		}
		return fault;
	}

	private void record(String method, EmulatorHandler.Target target, Map<String, String> params,
			boolean signatureValid, int status, String errorCode) {
		Map<String, String> safe = new LinkedHashMap<>(params);
		safe.remove("Signature");
		safe.remove("SecurityToken");
		RecordedRequest request = new RecordedRequest(this.clock.instant(), target.host(), target.port(), target.tls(),
				target.viaProxy(), method, params.get("Action"), params.get("Version"), params.get("RegionId"),
				params.get("AccessKeyId"), signatureValid, status, errorCode, Map.copyOf(safe));
		this.requests.add(request);
		logger.log(Level.INFO, () -> String.format("%s %s://%s:%d Action=%s RegionId=%s AccessKeyId=%s -> %d %s",
				method, target.tls() ? "https" : "http", target.host(), target.port(), request.action(),
				request.regionId(), request.accessKeyId(), status, (errorCode != null) ? errorCode : "OK"));
	}

	private void send(ChannelHandlerContext ctx, String method, EmulatorHandler.Target target,
			Map<String, String> params, boolean signatureValid, EcsApi.Answer answer, boolean keepAlive) {
		record(method, target, params, signatureValid, answer.status(), answer.errorCode());
		EmulatorHandler.respond(ctx, answer.status(), answer.body(), keepAlive);
	}

	/**
	 * Stop listening, close every connection (hung ones included) and stop the threads.
	 */
	@Override
	public synchronized void close() {
		if (this.serverChannel == null) {
			return;
		}
		this.serverChannel.close().syncUninterruptibly();
		this.channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
		this.serverChannel = null;
	}

	private void requireStarted() {
		if (this.serverChannel == null) {
			throw new IllegalStateException("The emulator is not started");
		}
	}

	private static final class FaultSlot {

		private final Fault fault;

		private int remaining;

		FaultSlot(Fault fault) {
			this.fault = fault;
			this.remaining = fault.times;
		}

		synchronized Fault take() {
			if (this.remaining == -1) {
				return this.fault;
			}
			if (this.remaining == 0) {
				return null;
			}
			this.remaining--;
			return this.fault;
		}

	}

	/**
	 * Builds an {@link EcsEmulator}.
	 */
	public static final class Builder {

		private int port;

		private boolean directTls;

		private Duration tolerance = Duration.ofMinutes(15);

		private Clock clock = Clock.systemUTC();

		private final Map<String, EcsApi.Key> keys = new LinkedHashMap<>();

		private final List<EcsInstance> instances = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Set the port; 0, the default, picks a free one.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Accept an AccessKey pair.
		 * @param id the AccessKey ID
		 * @param secret the AccessKey secret
		 * @return this builder
		 */
		public Builder accessKey(String id, String secret) {
			this.keys.put(id, new EcsApi.Key(id, secret, null));
			return this;
		}

		/**
		 * Accept a temporary AccessKey pair that is valid only with its STS token.
		 * @param id the AccessKey ID
		 * @param secret the AccessKey secret
		 * @param securityToken the STS token
		 * @return this builder
		 */
		public Builder stsAccessKey(String id, String secret, String securityToken) {
			this.keys.put(id, new EcsApi.Key(id, secret, securityToken));
			return this;
		}

		/**
		 * Add an instance to those {@code DescribeInstances} answers.
		 * @param instance the instance
		 * @return this builder
		 */
		public Builder instance(EcsInstance instance) {
			this.instances.add(instance);
			return this;
		}

		/**
		 * Add instances to those {@code DescribeInstances} answers.
		 * @param instances the instances
		 * @return this builder
		 */
		public Builder instances(Collection<EcsInstance> instances) {
			this.instances.addAll(instances);
			return this;
		}

		/**
		 * Set how far a request's timestamp may be from the emulator's clock.
		 * @param tolerance the tolerance, 15 minutes by default
		 * @return this builder
		 */
		public Builder timestampTolerance(Duration tolerance) {
			this.tolerance = tolerance;
			return this;
		}

		/**
		 * Set the clock timestamps are checked against.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Set whether the port speaks TLS to direct (non-proxy) clients, with a certificate
		 * chosen by SNI.
		 * @param directTls whether to speak TLS directly
		 * @return this builder
		 */
		public Builder tls(boolean directTls) {
			this.directTls = directTls;
			return this;
		}

		/**
		 * Build the emulator, not started.
		 * @return the emulator
		 */
		public EcsEmulator build() {
			return new EcsEmulator(this);
		}

		/**
		 * Build and start the emulator.
		 * @return the started emulator
		 */
		public EcsEmulator start() {
			return build().start();
		}

	}

}
