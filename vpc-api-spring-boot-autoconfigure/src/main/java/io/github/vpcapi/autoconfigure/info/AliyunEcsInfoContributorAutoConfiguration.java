package io.github.vpcapi.autoconfigure.info;

import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import io.github.vpcapi.autoconfigure.AliyunEcsAutoConfiguration;
import io.github.vpcapi.autoconfigure.AliyunEcsEndpoint;

import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for {@link AliyunEcsInfoContributor}.
 */
@AutoConfiguration(after = AliyunEcsAutoConfiguration.class)
@ConditionalOnClass({ InfoContributor.class, ConditionalOnEnabledInfoContributor.class })
@ConditionalOnBean({ AliyunEcsEndpoint.class, AlibabaCloudCredentialsProvider.class })
// Like Boot's own contributors: management.info.aliyun-ecs.enabled, falling back to
// management.info.defaults.enabled.
@ConditionalOnEnabledInfoContributor("aliyun-ecs")
public final class AliyunEcsInfoContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "aliyunEcsInfoContributor")
	AliyunEcsInfoContributor aliyunEcsInfoContributor(AliyunEcsEndpoint endpoint,
			AlibabaCloudCredentialsProvider credentialsProvider) {
		return new AliyunEcsInfoContributor(endpoint, credentialsProvider);
	}

}
