package io.github.vpcapi.autoconfigure;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.http.HttpResponse;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Reads Alibaba Cloud API error codes, for the retry policy and the metrics.
 */
public final class AliyunEcsErrors {

	private AliyunEcsErrors() {
	}

	/**
	 * Return whether the code is one of the throttling codes ({@code Throttling},
	 * {@code Throttling.User}, {@code Throttling.Api}, ...).
	 * @param code the error code, may be {@code null}
	 * @return whether it means throttling
	 */
	public static boolean isThrottling(String code) {
		return code != null && code.startsWith("Throttling");
	}

	/**
	 * Return the {@code Code} of an error answer.
	 * @param response the raw answer
	 * @return the code, or {@code null} when the answer carries none
	 */
	public static String errorCode(HttpResponse response) {
		if (response.getHttpContentType() != FormatType.JSON || response.getHttpContent() == null) {
			return null;
		}
		try {
			JsonElement body = JsonParser.parseString(response.getHttpContentString());
			JsonElement code = body.isJsonObject() ? ((JsonObject) body).get("Code") : null;
			return (code != null && code.isJsonPrimitive()) ? code.getAsString() : null;
		}
		catch (RuntimeException | ClientException ex) {
			return null;
		}
	}

}
