package io.github.vpcapi.autoconfigure;

import java.nio.charset.StandardCharsets;

import com.aliyuncs.exceptions.ClientException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The syntax check of successful answers, which skips through the JSON instead of building
 * it: it must still refuse everything the SDK's own reader would loop on or misread.
 */
class AliyunEcsHttpClientJsonTests {

	@ParameterizedTest
	@ValueSource(strings = { "{}", "[]", "{\"Regions\":{\"Region\":[{\"RegionId\":\"cn-hangzhou\",\"n\":1.5e3}]}}",
			" {\"a\":[true,false,null,\"\\u4e2d\"]} \n", "\"text\"", "42" })
	void completeJsonPasses(String body) {
		assertThatNoException().isThrownBy(() -> check(body));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"Regions\":{\"Region\":[{\"RegionId\":\"cn-hang", "{\"a\":1", "[1,2", "{\"a\":1,}",
			"[1,]", "{a:1}", "{\"a\":abc}", "{\"a\":1}{\"b\":2}", "{\"a\":1} trailing", "{'a':1}", "   ",
			"{\"a\" 1}", "/* comment */ {}" })
	void truncatedOrMalformedJsonFailsTheCall(String body) {
		assertThatExceptionOfType(ClientException.class).isThrownBy(() -> check(body))
			.satisfies((ex) -> org.assertj.core.api.Assertions.assertThat(ex.getErrCode())
				.isEqualTo("SDK.InvalidServerResponse"))
			.withMessageContaining("HTTP 200")
			.withMessageContaining(body.getBytes(StandardCharsets.UTF_8).length + "-byte");
	}

	private static void check(String body) throws ClientException {
		AliyunEcsHttpClient.requireCompleteJsonSyntax(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8,
				200);
	}

}
