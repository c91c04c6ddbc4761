package io.github.vpcapi.autoconfigure;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.exceptions.ClientException;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A successful HTTP answer that is not the ECS API's (a proxy's or a captive portal's
 * page) fails the call with {@code SDK.InvalidServerResponse}, which the health check
 * reports as {@code invalid-response}.
 */
class AliyunEcsForeignAnswerTests {

	private HttpServer server;

	private volatile String contentType;

	@BeforeEach
	void startServer() throws Exception {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			byte[] body = "<html><body>Access denied by proxy</body></html>".getBytes(StandardCharsets.UTF_8);
			if (this.contentType != null) {
				exchange.getResponseHeaders().add("Content-Type", this.contentType);
			}
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@ParameterizedTest
	@CsvSource({ "text/html, text/html", "text/plain;charset=utf-8, text/plain", ", untyped" })
	void foreignBodyIsAnInvalidServerResponse(String contentType, String described) {
		this.contentType = contentType;
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AliyunEcsAutoConfiguration.class))
			.withPropertyValues("aliyun.ecs.region=cn-hangzhou", "aliyun.ecs.protocol=http",
					"aliyun.ecs.endpoint=127.0.0.1:" + this.server.getAddress().getPort(),
					"aliyun.ecs.credentials.access-key-id=" + EmulatorSupport.KEY_ID,
					"aliyun.ecs.credentials.access-key-secret=" + EmulatorSupport.KEY_SECRET)
			.run((context) -> assertThatExceptionOfType(ClientException.class)
				.isThrownBy(() -> context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest()))
				.satisfies((ex) -> {
					assertThat(ex.getErrCode()).isEqualTo("SDK.InvalidServerResponse");
					assertThat(ex.getErrMsg()).contains("HTTP 200 with a " + described + " body")
						.contains("a proxy or a captive portal");
				}));
	}

}
