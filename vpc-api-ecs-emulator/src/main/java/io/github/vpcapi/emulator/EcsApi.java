package io.github.vpcapi.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The ECS API as the emulator answers it: authentication, then the action. Knows nothing of
 * HTTP transport.
 */
final class EcsApi {

	static final String VERSION = "2014-05-26";

	private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

	private final Map<String, Key> keys;

	private final Duration tolerance;

	private final Clock clock;

	private final List<EcsInstance> instances = new CopyOnWriteArrayList<>();

	private final Map<String, Instant> nonces = new ConcurrentHashMap<>();

	EcsApi(Map<String, Key> keys, Duration tolerance, Clock clock, List<EcsInstance> instances) {
		this.keys = Map.copyOf(keys);
		this.tolerance = tolerance;
		this.clock = clock;
		this.instances.addAll(instances);
	}

	void setInstances(List<EcsInstance> instances) {
		this.instances.clear();
		this.instances.addAll(instances);
	}

	void addInstance(EcsInstance instance) {
		this.instances.add(instance);
	}

	/**
	 * Check the signature and the common parameters.
	 * @return {@code null} when the request is authentic, else the error
	 */
	Answer authenticate(String method, Map<String, String> params, String host) {
		if (params.get("Signature") == null) {
			return error(host, 400, "IncompleteSignature", "The request signature does not conform to Aliyun "
					+ "standards: the Signature parameter is missing.");
		}
		for (String required : List.of("AccessKeyId", "Action", "Version", "SignatureMethod", "SignatureVersion",
				"SignatureNonce", "Timestamp")) {
			if (params.get(required) == null || params.get(required).isEmpty()) {
				return error(host, 400, "MissingParameter",
						"The input parameter \"" + required + "\" that is mandatory for processing this request is not supplied.");
			}
		}
		Key key = this.keys.get(params.get("AccessKeyId"));
		if (key == null) {
			return error(host, 404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
		}
		if (!"HMAC-SHA1".equals(params.get("SignatureMethod"))) {
			return error(host, 400, "InvalidParameter", "The specified parameter \"SignatureMethod\" is not valid.");
		}
		if (!"1.0".equals(params.get("SignatureVersion"))) {
			return error(host, 400, "InvalidParameter", "The specified parameter \"SignatureVersion\" is not valid.");
		}
		Instant timestamp;
		try {
			timestamp = Instant.parse(params.get("Timestamp"));
		}
		catch (DateTimeParseException ex) {
			return error(host, 400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
		}
		Instant now = this.clock.instant();
		if (timestamp.isBefore(now.minus(this.tolerance)) || timestamp.isAfter(now.plus(this.tolerance))) {
			return error(host, 400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
		}
		String token = params.get("SecurityToken");
		if (key.securityToken() == null && token != null) {
			return error(host, 400, "InvalidSecurityToken.Malformed", "The security token you provided is malformed.");
		}
		if (key.securityToken() != null && (token == null || token.isEmpty())) {
			return error(host, 400, "InvalidSecurityToken.Malformed", "The security token you provided is malformed.");
		}
		if (key.securityToken() != null && !key.securityToken().equals(token)) {
			return error(host, 400, "InvalidSecurityToken.Mismatch", "The security token you provided does not match "
					+ "the AccessKey.");
		}
		String stringToSign = RpcSignature.stringToSign(method, params);
		if (!RpcSignature.sign(stringToSign, key.secret()).equals(params.get("Signature"))) {
			return error(host, 400, "SignatureDoesNotMatch",
					"Specified signature is not matched with our calculation. server string to sign is:" + stringToSign);
		}
		if (this.nonces.putIfAbsent(key.id() + "/" + params.get("SignatureNonce"), now) != null) {
			return error(host, 400, "SignatureNonceUsed", "Specified signature nonce was used already.");
		}
		forgetOldNonces(now);
		return null;
	}

	private void forgetOldNonces(Instant now) {
		if (this.nonces.size() < 10_000) {
			return;
		}
		// A nonce older than twice the timestamp tolerance cannot come back with a valid timestamp.
		Instant horizon = now.minus(this.tolerance.multipliedBy(2));
		for (Iterator<Instant> it = this.nonces.values().iterator(); it.hasNext();) {
			if (it.next().isBefore(horizon)) {
				it.remove();
			}
		}
	}

	/**
	 * Answer an authentic request.
	 */
	Answer act(Map<String, String> params, String host) {
		if (!VERSION.equals(params.get("Version"))) {
			return error(host, 400, "InvalidVersion", "Specified parameter Version is not valid.");
		}
		String action = params.get("Action");
		return switch (action) {
			case "DescribeRegions" -> ok(describeRegions());
			case "DescribeInstances" -> describeInstances(params, host);
			default -> error(host, 404, "InvalidAction.NotFound",
					"Specified api is not found, please check your url and method.");
		};
	}

	Map<String, Object> describeRegions() {
		List<Map<String, Object>> regions = new ArrayList<>();
		for (EcsRegions.Region region : EcsRegions.all()) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("RegionId", region.regionId());
			item.put("RegionEndpoint", region.vpcEndpoint());
			item.put("LocalName", region.localName());
			item.put("Status", "available");
			regions.add(item);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("RequestId", requestId());
		body.put("Regions", Map.of("Region", regions));
		return body;
	}

	private Answer describeInstances(Map<String, String> params, String host) {
		String regionId = params.get("RegionId");
		if (regionId == null || regionId.isEmpty()) {
			return error(host, 400, "MissingParameter",
					"The input parameter \"RegionId\" that is mandatory for processing this request is not supplied.");
		}
		Integer pageNumber = intParam(params, "PageNumber", 1, 1, Integer.MAX_VALUE);
		if (pageNumber == null) {
			return error(host, 400, "InvalidParameter", "The specified parameter \"PageNumber\" is not valid.");
		}
		Integer pageSize = intParam(params, "PageSize", 10, 1, 100);
		if (pageSize == null) {
			return error(host, 400, "InvalidParameter", "The specified parameter \"PageSize\" is not valid.");
		}
		List<EcsInstance> inRegion = this.instances.stream().filter((i) -> i.regionId().equals(regionId)).toList();
		List<Map<String, Object>> page = new ArrayList<>();
		long from = (long) (pageNumber - 1) * pageSize;
		for (long i = from; i < Math.min(inRegion.size(), from + pageSize); i++) {
			page.add(instance(inRegion.get((int) i)));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("RequestId", requestId());
		body.put("TotalCount", inRegion.size());
		body.put("PageNumber", pageNumber);
		body.put("PageSize", pageSize);
		body.put("Instances", Map.of("Instance", page));
		return ok(body);
	}

	private static Integer intParam(Map<String, String> params, String name, int defaultValue, int min, int max) {
		String value = params.get(name);
		if (value == null || value.isEmpty()) {
			return defaultValue;
		}
		try {
			int parsed = Integer.parseInt(value);
			return (parsed < min || parsed > max) ? null : parsed;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static Map<String, Object> instance(EcsInstance instance) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("InstanceId", instance.instanceId());
		item.put("InstanceName", instance.instanceName());
		item.put("RegionId", instance.regionId());
		item.put("ZoneId", instance.zoneId());
		item.put("Status", instance.status());
		item.put("InstanceType", instance.instanceType());
		item.put("CreationTime", instance.creationTime());
		item.put("InstanceNetworkType", "vpc");
		Map<String, Object> vpc = new LinkedHashMap<>();
		vpc.put("VpcId", instance.vpcId());
		vpc.put("VSwitchId", instance.vSwitchId());
		vpc.put("PrivateIpAddress", Map.of("IpAddress", List.of(instance.privateIpAddress())));
		item.put("VpcAttributes", vpc);
		return item;
	}

	static Answer error(String host, int status, String code, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("RequestId", requestId());
		body.put("HostId", host);
		body.put("Code", code);
		body.put("Message", message);
		body.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + code + "&product=Ecs");
		return new Answer(status, json(body), code);
	}

	static Answer ok(Map<String, Object> body) {
		return new Answer(200, json(body), null);
	}

	private static byte[] json(Object body) {
		return GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
	}

	private static String requestId() {
		return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
	}

	record Key(String id, String secret, String securityToken) {

		@Override
		public String toString() {
			return "Key[" + this.id + "]";
		}

	}

	record Answer(int status, byte[] body, String errorCode) {

	}

}
