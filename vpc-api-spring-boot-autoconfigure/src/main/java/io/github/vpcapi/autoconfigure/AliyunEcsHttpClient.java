package io.github.vpcapi.autoconfigure;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.CallBack;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.http.HttpRequest;
import com.aliyuncs.http.HttpResponse;
import com.aliyuncs.http.IHttpClient;
import com.aliyuncs.http.MethodType;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.entity.EntityBuilder;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.config.ConnectionConfig;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.HttpConnectionFactory;
import org.apache.http.conn.ManagedHttpClientConnection;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.conn.DefaultManagedHttpClientConnection;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.util.EntityUtils;

/**
 * The HTTP transport of the auto-configured client: one Apache HttpClient connection pool
 * per client. The SDK's own {@code ApacheHttpClient} is a JVM-wide singleton configured
 * by whichever client is built first, so two clients (or two application contexts) in one
 * JVM would share its timeouts, trust material and pool; this transport shares nothing.
 * <p>
 * It also makes three guarantees the SDK does not: TLS certificates are always verified
 * (the SDK's {@code ignoreSSLCerts} switches are refused), proxies come only from
 * {@link HttpClientConfig} and never from the {@code HTTP(S)_PROXY} environment variables,
 * and a JSON body that does not parse fails the call instead of reaching the SDK's JSON
 * reader, which never returns on a truncated body.
 * <p>
 * Public only because the SDK instantiates transports reflectively by class name.
 */
public final class AliyunEcsHttpClient extends IHttpClient {

	// Apache HttpClient's own factory wraps connections in a logger of every byte when
	// org.apache.http.wire is at DEBUG: the request body, and with it the STS token.
	private static final HttpConnectionFactory<HttpRoute, ManagedHttpClientConnection> UNLOGGED_CONNECTIONS = new HttpConnectionFactory<>() {

		private final AtomicLong counter = new AtomicLong();

		@Override
		public ManagedHttpClientConnection create(HttpRoute route, ConnectionConfig config) {
			return new DefaultManagedHttpClientConnection("aliyun-ecs-" + this.counter.incrementAndGet(), 8 * 1024);
		}

	};

	private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

	private CloseableHttpClient httpClient;

	private PoolingHttpClientConnectionManager connectionManager;

	private HttpHost httpProxy;

	private HttpHost httpsProxy;

	private List<String> nonProxyHosts;

	/**
	 * Create a transport from the given configuration, read once here.
	 * @param config the HTTP configuration of the client profile
	 * @throws ClientException if the configuration cannot be used
	 */
	public AliyunEcsHttpClient(HttpClientConfig config) throws ClientException {
		super(config);
	}

	@Override
	protected void init(HttpClientConfig config) throws ClientException {
		if (config.isIgnoreSSLCerts()) {
			throw new ClientException("VpcApi.InsecureTls",
					"Certificate verification cannot be disabled on this client. To trust a private CA, "
							+ "name an SSL bundle in aliyun.ecs.http.ssl-bundle.");
		}
		this.connectionManager = new PoolingHttpClientConnectionManager(RegistryBuilder.<ConnectionSocketFactory>create()
			.register("http", PlainConnectionSocketFactory.getSocketFactory())
			.register("https", sslSocketFactory(config))
			.build(), UNLOGGED_CONNECTIONS);
		this.connectionManager.setMaxTotal(config.getMaxRequests());
		this.connectionManager.setDefaultMaxPerRoute(config.getMaxRequestsPerHost());
		this.connectionManager.setValidateAfterInactivity(2000);
		BasicCredentialsProvider proxyCredentials = new BasicCredentialsProvider();
		this.httpProxy = proxy(config.getHttpProxy(), proxyCredentials);
		this.httpsProxy = proxy(config.getHttpsProxy(), proxyCredentials);
		this.nonProxyHosts = (config.getNoProxy() != null)
				? Arrays.stream(config.getNoProxy().split(",")).map(String::trim).filter((h) -> !h.isEmpty()).toList()
				: List.of();
		this.httpClient = HttpClientBuilder.create()
			.setConnectionManager(this.connectionManager)
			.setDefaultCredentialsProvider(proxyCredentials)
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.evictExpiredConnections()
			.evictIdleConnections(config.getMaxIdleTimeMillis(), TimeUnit.MILLISECONDS)
			.build();
	}

	private static SSLConnectionSocketFactory sslSocketFactory(HttpClientConfig config) throws ClientException {
		HostnameVerifier hostnameVerifier = (config.getHostnameVerifier() != null) ? config.getHostnameVerifier()
				: new DefaultHostnameVerifier();
		if (config.getSslSocketFactory() != null) {
			return new SSLConnectionSocketFactory(config.getSslSocketFactory(), hostnameVerifier);
		}
		try {
			List<X509TrustManager> trustManagers = new ArrayList<>();
			if (config.getX509TrustManagers() != null) {
				trustManagers.addAll(Arrays.asList(config.getX509TrustManagers()));
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init((KeyStore) null);
			for (TrustManager trustManager : factory.getTrustManagers()) {
				if (trustManager instanceof X509TrustManager x509) {
					trustManagers.add(x509);
				}
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(config.getKeyManagers(), new TrustManager[] { new AnyOfTrustManager(trustManagers) },
					config.getSecureRandom());
			return new SSLConnectionSocketFactory(context, hostnameVerifier);
		}
		catch (Exception ex) {
			throw new ClientException("SDK.InitFailed", "Could not set up TLS: " + ex.getMessage(), ex);
		}
	}

	private static HttpHost proxy(String proxy, BasicCredentialsProvider credentials) throws ClientException {
		if (proxy == null || proxy.isBlank()) {
			return null;
		}
		URI uri = URI.create(proxy.trim());
		if (uri.getHost() == null) {
			throw new ClientException("SDK.InvalidProxy", "The proxy is not an http://host:port URI");
		}
		HttpHost host = new HttpHost(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : 80, "http");
		String userInfo = uri.getUserInfo();
		if (userInfo != null) {
			int colon = userInfo.indexOf(':');
			String user = (colon >= 0) ? userInfo.substring(0, colon) : userInfo;
			String password = (colon >= 0) ? userInfo.substring(colon + 1) : "";
			credentials.setCredentials(new AuthScope(host), new UsernamePasswordCredentials(user, password));
		}
		return host;
	}

	@Override
	public HttpResponse syncInvoke(HttpRequest request) throws IOException, ClientException {
		HttpUriRequest httpRequest = toApacheRequest(request);
		try (CloseableHttpResponse httpResponse = this.httpClient.execute(httpRequest)) {
			return toSdkResponse(request, httpResponse);
		}
	}

	private HttpUriRequest toApacheRequest(HttpRequest request) throws IOException {
		URL url = new URL(request.getSysUrl());
		RequestBuilder builder = RequestBuilder.create(request.getSysMethod().name());
		byte[] content = request.getHttpContent();
		int query = request.getSysUrl().indexOf('?');
		if (request.getSysMethod() == MethodType.POST && (content == null || content.length == 0) && query >= 0) {
			// As the SDK's own CompatibleUrlConnClient does: the parameters (the STS token among
			// them) travel in the form body, not in a URL that proxies and request logs record.
			// The RPC signature covers the parameters wherever they are.
			builder.setUri(request.getSysUrl().substring(0, query));
			builder.setEntity(EntityBuilder.create()
				.setContentType(ContentType.APPLICATION_FORM_URLENCODED)
				.setBinary(request.getSysUrl().substring(query + 1).getBytes(StandardCharsets.UTF_8))
				.build());
		}
		else {
			builder.setUri(request.getSysUrl());
		}
		if (request.getSysMethod().hasContent() && content != null && content.length > 0) {
			String contentType = request.getHeaderValue("Content-Type");
			if (contentType == null || contentType.isEmpty()) {
				contentType = request.getContentTypeValue(request.getHttpContentType(), request.getSysEncoding());
			}
			builder.setEntity(EntityBuilder.create().setContentType(ContentType.parse(contentType)).setBinary(content).build());
		}
		builder.addHeader("Accept-Encoding", "identity");
		for (Map.Entry<String, String> header : request.getSysHeaders().entrySet()) {
			if (!"Content-Length".equalsIgnoreCase(header.getKey())) {
				builder.addHeader(header.getKey(), header.getValue());
			}
		}
		int connectTimeout = (request.getSysConnectTimeout() != null) ? request.getSysConnectTimeout()
				: (int) this.clientConfig.getConnectionTimeoutMillis();
		int readTimeout = (request.getSysReadTimeout() != null) ? request.getSysReadTimeout()
				: (int) this.clientConfig.getReadTimeoutMillis();
		builder.setConfig(RequestConfig.custom()
			.setProxy(proxyFor(url))
			.setConnectTimeout(connectTimeout)
			.setConnectionRequestTimeout(connectTimeout)
			.setSocketTimeout(readTimeout)
			.build());
		return builder.build();
	}

	private HttpHost proxyFor(URL url) {
		String host = url.getHost().toLowerCase(Locale.ROOT);
		for (String nonProxyHost : this.nonProxyHosts) {
			String pattern = nonProxyHost.toLowerCase(Locale.ROOT);
			if (host.equals(pattern) || (pattern.startsWith("*.") && host.endsWith(pattern.substring(1)))
					|| (pattern.startsWith(".") && host.endsWith(pattern))) {
				return null;
			}
		}
		return "https".equalsIgnoreCase(url.getProtocol()) ? this.httpsProxy : this.httpProxy;
	}

	private HttpResponse toSdkResponse(HttpRequest request, CloseableHttpResponse httpResponse)
			throws IOException, ClientException {
		HttpResponse response = new HttpResponse(request.getSysUrl());
		response.setStatus(httpResponse.getStatusLine().getStatusCode());
		response.setReasonPhrase(httpResponse.getStatusLine().getReasonPhrase());
		for (Header header : httpResponse.getAllHeaders()) {
			response.putHeaderParameter(header.getName(), header.getValue());
		}
		HttpEntity entity = httpResponse.getEntity();
		if (entity == null) {
			requireApiAnswer(response.getStatus(), new byte[0], null);
		}
		else {
			byte[] body = EntityUtils.toByteArray(entity);
			ContentType contentType = ContentType.get(entity);
			requireApiAnswer(response.getStatus(), body, contentType);
			if (body.length > 0 && contentType != null) {
				FormatType format = FormatType.mapAcceptToFormat(contentType.getMimeType().toLowerCase(Locale.ROOT));
				Charset charset = (contentType.getCharset() != null) ? contentType.getCharset() : StandardCharsets.UTF_8;
				if (format == FormatType.JSON) {
					if (response.getStatus() >= 400) {
						body = withoutStringToSign(requireCompleteJson(body, charset, response.getStatus()), body,
								charset);
					}
					else {
						requireCompleteJsonSyntax(body, charset, response.getStatus());
					}
				}
				response.setHttpContent(body, charset.name(), format);
			}
		}
		return response;
	}

	/**
	 * ECS answers every call, error or not, with a JSON or XML body. Anything else is a
	 * proxy's, a load balancer's or a captive portal's page, which the SDK would fail with
	 * no error code (and its whole text and headers in the message).
	 */
	private static void requireApiAnswer(int status, byte[] body, ContentType contentType) throws ClientException {
		if (body.length > 0 && isApiFormat(contentType)) {
			return;
		}
		String what = (body.length == 0) ? "an empty body"
				: "a " + ((contentType != null) ? contentType.getMimeType() : "untyped") + " body";
		String message = "The endpoint answered HTTP " + status + " with " + what
				+ ", not an ECS API answer: a proxy, a load balancer or a captive portal may be answering in its place";
		// A 5xx stays a server error, retried like one.
		throw (status >= 500) ? new ServerException("SDK.InvalidServerResponse", message)
				: new ClientException("SDK.InvalidServerResponse", message);
	}

	private static boolean isApiFormat(ContentType contentType) {
		if (contentType == null) {
			return false;
		}
		FormatType format = FormatType.mapAcceptToFormat(contentType.getMimeType().toLowerCase(Locale.ROOT));
		return format == FormatType.JSON || format == FormatType.XML;
	}

	/**
	 * A {@code SignatureDoesNotMatch} answer echoes the server's string to sign, which holds
	 * every signed parameter, the STS token included. It is cut from the message before the
	 * SDK turns the answer into an exception that applications log.
	 */
	private static byte[] withoutStringToSign(JsonElement json, byte[] body, Charset charset) {
		if (json.isJsonObject() && json.getAsJsonObject().get("Message") instanceof JsonPrimitive message
				&& message.isString()) {
			String text = message.getAsString();
			int cut = text.toLowerCase(Locale.ROOT).indexOf("string to sign is:");
			if (cut >= 0) {
				json.getAsJsonObject().addProperty("Message", text.substring(0, cut) + "string to sign omitted");
				return GSON.toJson(json).getBytes(charset);
			}
		}
		return body;
	}

	private static JsonElement requireCompleteJson(byte[] body, Charset charset, int status) throws ClientException {
		try (JsonReader reader = strictReader(body, charset)) {
			JsonElement json = JsonParser.parseReader(reader);
			requireEnd(reader);
			return json;
		}
		catch (JsonParseException | IOException | IllegalStateException ex) {
			throw invalidResponse(body, status);
		}
	}

	/**
	 * Checks the syntax of a successful answer without building it: the SDK parses it again,
	 * and a tree of every answer would double what each call allocates.
	 */
	static void requireCompleteJsonSyntax(byte[] body, Charset charset, int status) throws ClientException {
		try (JsonReader reader = strictReader(body, charset)) {
			reader.skipValue();
			requireEnd(reader);
		}
		catch (JsonParseException | IOException | IllegalStateException ex) {
			throw invalidResponse(body, status);
		}
	}

	private static JsonReader strictReader(byte[] body, Charset charset) {
		JsonReader reader = new JsonReader(new StringReader(new String(body, charset)));
		reader.setStrictness(Strictness.STRICT);
		return reader;
	}

	private static void requireEnd(JsonReader reader) throws IOException {
		if (reader.peek() != JsonToken.END_DOCUMENT) {
			throw new JsonParseException("content after the JSON document");
		}
	}

	private static ClientException invalidResponse(byte[] body, int status) {
		return new ClientException("SDK.InvalidServerResponse", "The endpoint answered HTTP " + status + " with a "
				+ body.length + "-byte JSON body that is truncated or malformed; the call is failed rather than parsed");
	}

	@Override
	public Future<HttpResponse> asyncInvoke(HttpRequest apiRequest, CallBack callback) {
		throw new UnsupportedOperationException("Asynchronous calls are not supported by this client");
	}

	@Override
	@Deprecated
	public void ignoreSSLCertificate() {
		throw new UnsupportedOperationException("Certificate verification cannot be disabled on this client");
	}

	@Override
	@Deprecated
	public void restoreSSLCertificate() {
	}

	@Override
	public boolean isSingleton() {
		return false;
	}

	@Override
	public void close() throws IOException {
		this.httpClient.close();
		this.connectionManager.shutdown();
	}

	/**
	 * Trusts a chain that any one of the given trust managers trusts: the configured trust
	 * material first, then the JDK's default trust store.
	 */
	private static final class AnyOfTrustManager implements X509TrustManager {

		private final List<X509TrustManager> delegates;

		AnyOfTrustManager(List<X509TrustManager> delegates) {
			this.delegates = List.copyOf(delegates);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			check(chain, authType, true);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			check(chain, authType, false);
		}

		private void check(X509Certificate[] chain, String authType, boolean client) throws CertificateException {
			CertificateException last = null;
			for (X509TrustManager delegate : this.delegates) {
				try {
					if (client) {
						delegate.checkClientTrusted(chain, authType);
					}
					else {
						delegate.checkServerTrusted(chain, authType);
					}
					return;
				}
				catch (CertificateException ex) {
					last = ex;
				}
			}
			throw (last != null) ? last : new CertificateException("No trust manager configured");
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return this.delegates.stream()
				.flatMap((delegate) -> Arrays.stream(delegate.getAcceptedIssuers()))
				.toArray(X509Certificate[]::new);
		}

	}

}
