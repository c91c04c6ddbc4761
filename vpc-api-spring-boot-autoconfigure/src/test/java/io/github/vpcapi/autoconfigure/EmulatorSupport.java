package io.github.vpcapi.autoconfigure;

import io.github.vpcapi.emulator.EcsEmulator;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Routes an auto-configured client to the ECS emulator the way a user would: the emulator
 * is the HTTP proxy (so the client still targets {@code ecs-vpc.<region>.aliyuncs.com})
 * and its CA is trusted through an SSL bundle.
 */
public final class EmulatorSupport {

	public static final String KEY_ID = "test-key-id";

	public static final String KEY_SECRET = "test-key-secret-0123456789";

	public static final String STS_KEY_ID = "STS.test-key";

	public static final String STS_SECRET = "sts-secret-0123456789";

	public static final String STS_TOKEN = "sts-token-abcdefghijklmnopqrstuvwxyz";

	private EmulatorSupport() {
	}

	public static ApplicationContextRunner runner(EcsEmulator emulator) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AliyunEcsAutoConfiguration.class, SslAutoConfiguration.class))
			.withPropertyValues("aliyun.ecs.region=cn-hangzhou", "aliyun.ecs.credentials.access-key-id=" + KEY_ID,
					"aliyun.ecs.credentials.access-key-secret=" + KEY_SECRET,
					"aliyun.ecs.http.proxy=http://" + emulator.address(), "aliyun.ecs.http.ssl-bundle=emulator",
					"spring.ssl.bundle.pem.emulator.truststore.certificate=" + emulator.caCertificatePem(),
					"aliyun.ecs.retry.base-delay=10ms", "aliyun.ecs.retry.max-delay=50ms");
	}

}
