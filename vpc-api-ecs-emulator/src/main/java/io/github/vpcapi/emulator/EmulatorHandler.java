package io.github.vpcapi.emulator;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;

/**
 * One connection: direct requests, proxy requests in absolute form, and CONNECT tunnels
 * that continue as TLS with a certificate for the tunnel's host.
 */
final class EmulatorHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

	static final int MAX_CONTENT = 1024 * 1024;

	private final EcsEmulator emulator;

	private String tunnelHost;

	private int tunnelPort;

	EmulatorHandler(EcsEmulator emulator) {
		this.emulator = emulator;
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
		if (HttpMethod.CONNECT.equals(request.method())) {
			openTunnel(ctx, request.uri());
			return;
		}
		Target target = target(ctx, request);
		Map<String, String> params = parameters(request);
		this.emulator.handle(ctx, request.method().name(), target, params, HttpUtil.isKeepAlive(request));
	}

	private void openTunnel(ChannelHandlerContext ctx, String authority) {
		int colon = authority.lastIndexOf(':');
		this.tunnelHost = (colon > 0) ? authority.substring(0, colon) : authority;
		this.tunnelPort = (colon > 0) ? Integer.parseInt(authority.substring(colon + 1)) : 443;
		var pipeline = ctx.pipeline();
		pipeline.remove(HttpObjectAggregator.class);
		pipeline.remove(HttpServerCodec.class);
		// Written before the TLS handler exists, so it goes out in clear as the proxy answer.
		ctx.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.1 200 Connection established\r\n\r\n", StandardCharsets.US_ASCII));
		SslHandler ssl = this.emulator.authority().serverContext(this.tunnelHost).newHandler(ctx.alloc());
		pipeline.addBefore(ctx.name(), "tls", ssl);
		pipeline.addBefore(ctx.name(), "codec", new HttpServerCodec());
		pipeline.addBefore(ctx.name(), "aggregator", new HttpObjectAggregator(MAX_CONTENT));
	}

	private Target target(ChannelHandlerContext ctx, FullHttpRequest request) {
		boolean tls = ctx.pipeline().get(SslHandler.class) != null;
		if (this.tunnelHost != null) {
			return new Target(this.tunnelHost, this.tunnelPort, tls, true);
		}
		String uri = request.uri();
		if (uri.startsWith("http://") || uri.startsWith("https://")) {
			URI absolute = URI.create(uri);
			int port = (absolute.getPort() != -1) ? absolute.getPort() : (uri.startsWith("https") ? 443 : 80);
			return new Target(absolute.getHost(), port, tls, true);
		}
		String hostHeader = request.headers().get(HttpHeaderNames.HOST);
		int localPort = ((InetSocketAddress) ctx.channel().localAddress()).getPort();
		if (hostHeader == null) {
			return new Target("127.0.0.1", localPort, tls, false);
		}
		int colon = hostHeader.lastIndexOf(':');
		if (colon > 0 && !hostHeader.endsWith("]")) {
			return new Target(hostHeader.substring(0, colon), Integer.parseInt(hostHeader.substring(colon + 1)), tls,
					false);
		}
		return new Target(hostHeader, localPort, tls, false);
	}

	private static Map<String, String> parameters(FullHttpRequest request) {
		Map<String, String> params = new LinkedHashMap<>();
		addAll(params, new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8).parameters());
		String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
		if (contentType != null && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")
				&& request.content().isReadable()) {
			String body = request.content().toString(StandardCharsets.UTF_8);
			addAll(params, new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters());
		}
		return params;
	}

	private static void addAll(Map<String, String> params, Map<String, List<String>> decoded) {
		decoded.forEach((key, values) -> params.put(key, values.isEmpty() ? "" : values.get(0)));
	}

	static void respond(ChannelHandlerContext ctx, int status, byte[] body, boolean keepAlive) {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
				Unpooled.wrappedBuffer(body));
		response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json;charset=utf-8");
		response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		if (keepAlive) {
			response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
			ctx.writeAndFlush(response);
		}
		else {
			ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
		}
	}

	static void reset(ChannelHandlerContext ctx) {
		ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
		ctx.channel().close();
	}

	static byte[] truncate(byte[] body) {
		return Arrays.copyOf(body, Math.max(1, body.length / 2));
	}

	static void later(ChannelHandlerContext ctx, long millis, Runnable action) {
		ctx.executor().schedule(action, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ctx.close();
	}

	record Target(String host, int port, boolean tls, boolean viaProxy) {

	}

}
