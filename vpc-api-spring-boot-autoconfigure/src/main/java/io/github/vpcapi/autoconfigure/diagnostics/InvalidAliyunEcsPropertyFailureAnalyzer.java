package io.github.vpcapi.autoconfigure.diagnostics;

import io.github.vpcapi.autoconfigure.InvalidAliyunEcsPropertyException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@code FailureAnalyzer} for an {@code aliyun.ecs.*} property the starter cannot use.
 */
class InvalidAliyunEcsPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidAliyunEcsPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidAliyunEcsPropertyException cause) {
		StringBuilder description = new StringBuilder("The Alibaba Cloud ECS client could not be configured.\n\n");
		description.append("    Property: ").append(cause.getProperty()).append('\n');
		if (cause.getValue() != null) {
			description.append("    Value: \"").append(cause.getValue()).append("\"\n");
		}
		description.append("    Reason: ").append(cause.getReason());
		return new FailureAnalysis(description.toString(), cause.getAction(), cause);
	}

}
