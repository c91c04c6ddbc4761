package io.github.vpcapi.autoconfigure;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
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

	private volatile int status = 200;

	private volatile String body = "<html><body>Access denied by proxy</body></html>";

	@BeforeEach
	void startServer() throws Exception {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			byte[] body = this.body.getBytes(StandardCharsets.UTF_8);
			if (this.contentType != null) {
				exchange.getResponseHeaders().add("Content-Type", this.contentType);
			}
			exchange.sendResponseHeaders(this.status, (body.length > 0) ? body.length : -1);
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
	@CsvSource({ "200, text/html, text/html", "200, text/plain;charset=utf-8, text/plain", "200, , untyped",
			"302, text/html, text/html", "407, text/html, text/html", "403, text/html, text/html" })
	void foreignBodyIsAnInvalidServerResponse(int status, String contentType, String described) {
		this.status = status;
		this.contentType = contentType;
		assertThatExceptionOfType(ClientException.class).isThrownBy(this::call).satisfies((ex) -> {
			assertThat(ex).isNotInstanceOf(ServerException.class);
			assertThat(ex.getErrCode()).isEqualTo("SDK.InvalidServerResponse");
			assertThat(ex.getErrMsg()).contains("HTTP " + status + " with a " + described + " body")
				.contains("captive portal")
				.doesNotContain("Access denied by proxy");
		});
	}

	@ParameterizedTest
	@CsvSource({ "502, text/html", "503, " })
	void foreignBodyOfAServerErrorIsAServerException(int status, String contentType) {
		this.status = status;
		this.contentType = contentType;
		assertThatExceptionOfType(ServerException.class).isThrownBy(this::call)
			.satisfies((ex) -> assertThat(ex.getErrCode()).isEqualTo("SDK.InvalidServerResponse"));
	}

	@ParameterizedTest
	@CsvSource({ "200", "204", "302", "407", "502" })
	void emptyAnswerIsAnInvalidServerResponse(int status) {
		this.status = status;
		this.body = "";
		assertThatExceptionOfType(ClientException.class).isThrownBy(this::call).satisfies((ex) -> {
			assertThat(ex.getErrCode()).isEqualTo("SDK.InvalidServerResponse");
			assertThat(ex.getErrMsg()).contains("HTTP " + status + " with an empty body");
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "APPLICATION/JSON", "application/json;charset=UTF-8", "text/json" })
	void jsonAnswerIsReadWhateverTheCaseOfItsMediaType(String contentType) throws Exception {
		this.contentType = contentType;
		this.body = "{\"RequestId\":\"R-1\",\"Regions\":{\"Region\":[{\"RegionId\":\"cn-hangzhou\","
				+ "\"LocalName\":\"华东 1（杭州）\",\"RegionEndpoint\":\"ecs.cn-hangzhou.aliyuncs.com\"}]}}";
		assertThat(call().getRegions()).singleElement()
			.satisfies((region) -> assertThat(region.getRegionId()).isEqualTo("cn-hangzhou"));
	}

	private DescribeRegionsResponse call() throws Exception {
		DescribeRegionsResponse[] response = new DescribeRegionsResponse[1];
		Exception[] failure = new Exception[1];
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AliyunEcsAutoConfiguration.class))
			.withPropertyValues("aliyun.ecs.region=cn-hangzhou", "aliyun.ecs.protocol=http",
					"aliyun.ecs.retry.max-attempts=1",
					"aliyun.ecs.endpoint=127.0.0.1:" + this.server.getAddress().getPort(),
					"aliyun.ecs.credentials.access-key-id=" + EmulatorSupport.KEY_ID,
					"aliyun.ecs.credentials.access-key-secret=" + EmulatorSupport.KEY_SECRET)
			.run((context) -> {
				try {
					response[0] = context.getBean(IAcsClient.class).getAcsResponse(new DescribeRegionsRequest());
				}
				catch (Exception ex) {
					failure[0] = ex;
				}
			});
		if (failure[0] != null) {
			throw failure[0];
		}
		return response[0];
	}

}
