package io.github.vpcapi.autoconfigure.diagnostics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.github.vpcapi.autoconfigure.AliyunEcsProperties;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * A {@code FailureAnalyzer} for an {@code aliyun.ecs.*} value that cannot be converted to
 * its type (an unknown network or protocol, a malformed duration). Runs before Spring
 * Boot's general analyzer so that the action lists the values in the form they are
 * written. The value is not shown for the secret properties.
 */
class AliyunEcsBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		if (cause.getProperty() == null || !cause.getName().toString().startsWith("aliyun.ecs")) {
			return null;
		}
		String property = cause.getProperty().getName().toString();
		boolean secret = property.endsWith("access-key-secret") || property.endsWith("security-token");
		StringBuilder description = new StringBuilder("The Alibaba Cloud ECS client could not be configured.\n\n");
		description.append("    Property: ").append(property).append('\n');
		if (!secret) {
			description.append("    Value: \"").append(cause.getProperty().getValue()).append("\"\n");
			description.append("    Origin: ").append(cause.getProperty().getOrigin()).append('\n');
		}
		description.append("    Reason: the value cannot be converted to ").append(cause.getTarget().getType());
		return new FailureAnalysis(description.toString(), action(property), cause);
	}

	private static String action(String property) {
		if (property.equals("aliyun.ecs.network")) {
			return "Set aliyun.ecs.network to one of " + values(AliyunEcsProperties.Network.values())
					+ " (vpc calls ecs-vpc.<region>.aliyuncs.com), or remove it to use vpc.";
		}
		if (property.equals("aliyun.ecs.protocol")) {
			return "Set aliyun.ecs.protocol to one of " + values(AliyunEcsProperties.Protocol.values())
					+ ", or remove it to use https.";
		}
		if (property.endsWith("timeout") || property.endsWith("-ttl") || property.endsWith("-time")
				|| property.endsWith("-delay")) {
			return "Set " + property + " to a duration such as 500ms, 5s or 1m.";
		}
		return "Update " + property + " in your application's configuration; see the README's property table.";
	}

	private static String values(Enum<?>[] values) {
		return Arrays.stream(values).map((value) -> value.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
