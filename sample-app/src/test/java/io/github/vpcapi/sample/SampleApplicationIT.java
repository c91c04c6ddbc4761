package io.github.vpcapi.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end: the packaged jar, started as a separate process with the embedded emulator,
 * answers over real HTTP.
 */
class SampleApplicationIT {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static Process app;

	private static Path log;

	private static int port;

	@BeforeAll
	static void startTheJar() throws Exception {
		port = freePort();
		log = Files.createTempFile("sample-app", ".log");
		app = java("--spring.profiles.active=local", "--server.port=" + port).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (System.nanoTime() < deadline) {
			assertThat(app.isAlive()).as("the app exited early:\n%s", Files.readString(log)).isTrue();
			try {
				if (get("/actuator/health").statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not up yet
			}
			Thread.sleep(250);
		}
		throw new AssertionError("The app did not start within 90s:\n" + Files.readString(log));
	}

	@AfterAll
	static void stopTheJar() throws Exception {
		if (app != null) {
			app.destroy();
			if (!app.waitFor(20, TimeUnit.SECONDS)) {
				app.destroyForcibly();
			}
		}
	}

	static ProcessBuilder java(String... args) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-jar", System.getProperty("sample.jar")));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true");
		return builder;
	}

	static HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> json(HttpResponse<String> response) {
		return JsonParserFactory.getJsonParser().parseMap(response.body());
	}

	@Test
	@SuppressWarnings("unchecked")
	void healthShowsTheVpcEndpointUp() throws Exception {
		Map<String, Object> health = json(get("/actuator/health"));
		Map<String, Object> ecs = (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("aliyunEcs");
		assertThat(ecs).containsEntry("status", "UP");
		assertThat((Map<String, Object>) ecs.get("details")).containsEntry("region", "cn-hangzhou")
			.containsEntry("network", "vpc")
			.containsEntry("endpoint", "ecs-vpc.cn-hangzhou.aliyuncs.com")
			.containsEntry("regions", 23);
		assertThat(Files.readString(log)).contains("https://ecs-vpc.cn-hangzhou.aliyuncs.com:443 Action=DescribeRegions")
			.doesNotContain("local-demo-secret");
	}

	@Test
	@SuppressWarnings("unchecked")
	void infoAndMetricsShowTheClient() throws Exception {
		get("/regions");
		Map<String, Object> info = (Map<String, Object>) json(get("/actuator/info")).get("aliyunEcs");
		assertThat(info).containsEntry("endpoint", "https://ecs-vpc.cn-hangzhou.aliyuncs.com")
			.containsEntry("credentials", "access-key");
		HttpResponse<String> metric = get("/actuator/metrics/aliyun.ecs.client.requests?tag=action:DescribeRegions");
		assertThat(metric.statusCode()).isEqualTo(200);
		assertThat(metric.body()).contains("\"COUNT\"").contains("outcome");
	}

	@Test
	void regionsListsTheTwentyThreeRegions() throws Exception {
		HttpResponse<String> response = get("/regions");
		assertThat(response.statusCode()).isEqualTo(200);
		List<Object> regions = JsonParserFactory.getJsonParser().parseList(response.body());
		assertThat(regions).hasSize(23);
		assertThat(response.body()).contains("\"localName\":\"华东 1（杭州）\"");
	}

	@Test
	@SuppressWarnings("unchecked")
	void instancesArePagedForTheConfiguredRegion() throws Exception {
		HttpResponse<String> response = get("/instances?pageNumber=3&pageSize=5");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> page = json(response);
		assertThat(page).containsEntry("totalCount", 12).containsEntry("pageNumber", 3).containsEntry("pageSize", 5);
		assertThat((List<Object>) page.get("instances")).hasSize(2);
		assertThat(response.body()).doesNotContain("i-elsewhere01");
	}

	@Test
	void badPagingIsAProblemDetail400() throws Exception {
		for (String query : List.of("pageSize=0", "pageSize=101", "pageNumber=0", "pageSize=abc")) {
			HttpResponse<String> response = get("/instances?" + query);
			assertThat(response.statusCode()).as(query).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(json(response)).containsEntry("status", 400).containsKey("detail");
		}
	}

	@Test
	void describeRegionsCommandPrintsTheTableAndExitsZero() throws Exception {
		Process command = java("--describe-regions", "--spring.profiles.active=local").redirectErrorStream(true).start();
		String output = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(command.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(command.exitValue()).as(output).isZero();
		assertThat(output).contains("ecs-vpc.cn-hangzhou.aliyuncs.com").contains("me-east-1").contains("23 regions");
	}

	@Test
	void describeRegionsCommandPrintsTheDiagnosisAndExitsNonZero() throws Exception {
		int closed = freePort();
		Process command = java("--describe-regions", "--aliyun.ecs.credentials.access-key-id=demo",
				"--aliyun.ecs.credentials.access-key-secret=demo-secret-value", "--aliyun.ecs.protocol=http",
				"--aliyun.ecs.endpoint=127.0.0.1:" + closed)
			.redirectErrorStream(true)
			.start();
		String output = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(command.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(command.exitValue()).as(output).isEqualTo(1);
		assertThat(output).contains("reason:").contains("connection-refused").doesNotContain("demo-secret-value");
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
