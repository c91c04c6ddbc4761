package io.github.vpcapi.autoconfigure.metrics;

import com.aliyuncs.IAcsClient;
import io.github.vpcapi.autoconfigure.AliyunEcsAutoConfiguration;
import io.github.vpcapi.autoconfigure.AliyunEcsEndpoint;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that records every call through the auto-configured ECS client as a
 * Micrometer {@code Observation} (a timer, and a span when tracing is on).
 */
@AutoConfiguration(after = AliyunEcsAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ObservationRegistry.class, IAcsClient.class })
@ConditionalOnBooleanProperty(name = "aliyun.ecs.metrics.enabled", matchIfMissing = true)
public final class AliyunEcsObservationAutoConfiguration {

	@Bean
	static BeanPostProcessor aliyunEcsClientObservationPostProcessor(ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<AliyunEcsEndpoint> endpoint) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				// Only the auto-configured client: a user's own client is theirs to instrument.
				if ("aliyunEcsClient".equals(beanName) && bean instanceof IAcsClient client
						&& !(bean instanceof ObservedAcsClient)) {
					ObservationRegistry observations = registry.getIfAvailable();
					AliyunEcsEndpoint resolved = endpoint.getIfAvailable();
					if (observations != null && !observations.isNoop() && resolved != null) {
						return new ObservedAcsClient(client, observations, resolved);
					}
				}
				return bean;
			}

		};
	}

}
