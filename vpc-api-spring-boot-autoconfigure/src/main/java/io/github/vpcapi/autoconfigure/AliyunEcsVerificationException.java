package io.github.vpcapi.autoconfigure;

/**
 * Thrown during startup when {@code aliyun.ecs.verify-on-startup} is set and the endpoint
 * check fails. Carries the check's diagnosis for the failure analysis.
 */
public class AliyunEcsVerificationException extends RuntimeException {

	private final AliyunEcsCheck.Result result;

	/**
	 * Create a new exception.
	 * @param result the failed check's result
	 */
	public AliyunEcsVerificationException(AliyunEcsCheck.Result result) {
		super("Alibaba Cloud ECS endpoint check failed: " + result.details());
		this.result = result;
	}

	/**
	 * Return the failed check's result.
	 * @return the result
	 */
	public AliyunEcsCheck.Result getResult() {
		return this.result;
	}

}
