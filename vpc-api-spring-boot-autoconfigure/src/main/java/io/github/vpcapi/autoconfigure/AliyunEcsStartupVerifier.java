package io.github.vpcapi.autoconfigure;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Runs the endpoint check once all singletons exist, and stops the startup when it fails:
 * for deployments that must not start outside the VPC.
 */
final class AliyunEcsStartupVerifier implements SmartInitializingSingleton {

	private final AliyunEcsCheck check;

	AliyunEcsStartupVerifier(AliyunEcsCheck check) {
		this.check = check;
	}

	@Override
	public void afterSingletonsInstantiated() {
		AliyunEcsCheck.Result result = this.check.run();
		// Throttling proves the endpoint answered and authenticated the call.
		if (result.outcome() == AliyunEcsCheck.Outcome.DOWN) {
			throw new AliyunEcsVerificationException(result);
		}
	}

}
