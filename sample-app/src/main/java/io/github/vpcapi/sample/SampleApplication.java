package io.github.vpcapi.sample;

import java.util.Arrays;
import java.util.Map;

import com.aliyuncs.IAcsClient;
import io.github.vpcapi.autoconfigure.AliyunEcsEndpoint;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A web application that lists ECS regions and instances through the VPC endpoint. With
 * {@code --describe-regions} it is instead a one-shot command, like
 * {@code aliyun ecs DescribeRegions --endpoint ecs-vpc.<region>.aliyuncs.com}.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		if (Arrays.asList(args).contains("--describe-regions")) {
			System.exit(describeRegions(args));
		}
		SpringApplication.run(SampleApplication.class, args);
	}

	static int describeRegions(String[] args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setDefaultProperties(Map.of("logging.level.root", "warn"));
		try (ConfigurableApplicationContext context = application.run(args)) {
			return new DescribeRegionsCommand(context.getBean(IAcsClient.class), context.getBean(AliyunEcsEndpoint.class))
				.run(System.out, System.err);
		}
	}

}
