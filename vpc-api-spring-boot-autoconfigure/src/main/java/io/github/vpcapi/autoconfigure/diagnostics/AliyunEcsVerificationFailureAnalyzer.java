package io.github.vpcapi.autoconfigure.diagnostics;

import java.util.Map;

import io.github.vpcapi.autoconfigure.AliyunEcsVerificationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@code FailureAnalyzer} for a failed {@code aliyun.ecs.verify-on-startup} check.
 */
class AliyunEcsVerificationFailureAnalyzer extends AbstractFailureAnalyzer<AliyunEcsVerificationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, AliyunEcsVerificationException cause) {
		Map<String, Object> details = cause.getResult().details();
		StringBuilder description = new StringBuilder(
				"The Alibaba Cloud ECS endpoint check failed during startup (aliyun.ecs.verify-on-startup=true).\n\n");
		details.forEach((key, value) -> {
			if (!"hint".equals(key)) {
				description.append("    ").append(key).append(": ").append(value).append('\n');
			}
		});
		Object hint = details.get("hint");
		String action = ((hint != null) ? hint + "\n" : "")
				+ "To start without this check, set aliyun.ecs.verify-on-startup=false.";
		return new FailureAnalysis(description.toString().stripTrailing(), action, cause);
	}

}
