package io.github.vpcapi.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ECS RPC signature, version 1.0: HMAC-SHA1 over
 * {@code METHOD&%2F&percentEncode(canonicalized sorted parameters)} with the key
 * {@code secret + "&"}.
 */
final class RpcSignature {

	private RpcSignature() {
	}

	static String stringToSign(String method, Map<String, String> parameters) {
		StringJoiner canonical = new StringJoiner("&");
		new TreeMap<>(parameters).forEach((key, value) -> {
			if (!"Signature".equals(key)) {
				canonical.add(percentEncode(key) + "=" + percentEncode(value));
			}
		});
		return method + "&" + percentEncode("/") + "&" + percentEncode(canonical.toString());
	}

	static String sign(String stringToSign, String secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * RFC 3986 percent-encoding: spaces as {@code %20}, {@code *} as {@code %2A}, {@code ~}
	 * kept.
	 */
	static String percentEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8)
			.replace("+", "%20")
			.replace("*", "%2A")
			.replace("%7E", "~");
	}

}
