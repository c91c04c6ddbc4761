package io.github.vpcapi.autoconfigure.health;

import java.time.Clock;

import com.aliyuncs.IAcsClient;
import com.aliyuncs.ecs.model.v20140526.DescribeRegionsRequest;
import io.github.vpcapi.autoconfigure.AliyunEcsAutoConfiguration;
import io.github.vpcapi.autoconfigure.AliyunEcsCheck;
import io.github.vpcapi.autoconfigure.AliyunEcsEndpoint;
import io.github.vpcapi.autoconfigure.AliyunEcsProperties;
import io.github.vpcapi.autoconfigure.InvalidAliyunEcsPropertyException;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for {@link AliyunEcsHealthIndicator}.
 */
@AutoConfiguration(after = AliyunEcsAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, DescribeRegionsRequest.class })
@ConditionalOnBean({ IAcsClient.class, AliyunEcsEndpoint.class })
@ConditionalOnEnabledHealthIndicator("aliyun-ecs")
public final class AliyunEcsHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "aliyunEcsHealthIndicator")
	AliyunEcsHealthIndicator aliyunEcsHealthIndicator(IAcsClient client, AliyunEcsEndpoint endpoint,
			AliyunEcsProperties properties) {
		AliyunEcsProperties.Health health = properties.getHealth();
		if (health.getTimeout() == null || health.getTimeout().isZero() || health.getTimeout().isNegative()) {
			throw new InvalidAliyunEcsPropertyException("aliyun.ecs.health.timeout", health.getTimeout(),
					"the duration must be greater than zero",
					"Set aliyun.ecs.health.timeout to a positive duration, such as 3s, or remove it to use 3s.");
		}
		if (health.getCacheTtl() == null || health.getCacheTtl().isNegative()) {
			throw new InvalidAliyunEcsPropertyException("aliyun.ecs.health.cache-ttl", health.getCacheTtl(),
					"the duration must not be negative",
					"Set aliyun.ecs.health.cache-ttl to 0 (no caching) or a positive duration, or remove it to use 30s.");
		}
		return new AliyunEcsHealthIndicator(
				new AliyunEcsCheck(client, endpoint, health.getTimeout(), Clock.systemUTC()), health.getTimeout(),
				health.getCacheTtl(), Clock.systemUTC());
	}

}
