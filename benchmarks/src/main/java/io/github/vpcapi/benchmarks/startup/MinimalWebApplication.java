package io.github.vpcapi.benchmarks.startup;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A minimal web application (Tomcat and the actuator), started with or without the
 * starter's auto-configurations on the same classpath. Alone in its package, so that
 * component scanning finds nothing of the benchmarks.
 * <p>
 * As a program ({@code with} or {@code without}): starts once in this fresh JVM, prints
 * one line of figures and exits; {@link FreshJvmStartupMain} runs it many times.
 */
@SpringBootApplication
public class MinimalWebApplication {

	// The starter never calls its endpoint at startup: no emulator is needed here.
	private static final List<String> ARGUMENTS = List.of("--server.port=0", "--spring.main.banner-mode=off",
			"--logging.level.root=warn", "--aliyun.ecs.region=cn-hangzhou",
			"--aliyun.ecs.credentials.access-key-id=bench-key", "--aliyun.ecs.credentials.access-key-secret=bench-secret");

	private static final String STARTER_AUTO_CONFIGURATIONS = "io.github.vpcapi.autoconfigure.AliyunEcsAutoConfiguration,"
			+ "io.github.vpcapi.autoconfigure.health.AliyunEcsHealthContributorAutoConfiguration,"
			+ "io.github.vpcapi.autoconfigure.metrics.AliyunEcsObservationAutoConfiguration,"
			+ "io.github.vpcapi.autoconfigure.info.AliyunEcsInfoContributorAutoConfiguration";

	private static String[] arguments(boolean withStarter, List<String> extraArguments) {
		List<String> args = new ArrayList<>(ARGUMENTS);
		args.addAll(extraArguments);
		if (!withStarter) {
			args.add("--spring.autoconfigure.exclude=" + STARTER_AUTO_CONFIGURATIONS);
		}
		return args.toArray(String[]::new);
	}

	public static void main(String[] args) throws Exception {
		boolean withStarter = args[0].equals("with");
		long[] ready = new long[1];
		SpringApplication application = new SpringApplication(MinimalWebApplication.class);
		application.addListeners((ApplicationReadyEvent event) -> ready[0] = event.getTimeTaken().toMillis());
		try (ConfigurableApplicationContext context = application.run(arguments(withStarter, List.of()))) {
			long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
			boolean starterActive = context.containsBean("aliyunEcsClient");
			if (starterActive != withStarter) {
				throw new IllegalStateException("Expected the starter " + (withStarter ? "on" : "off"));
			}
			for (int i = 0; i < 3; i++) {
				System.gc();
				Thread.sleep(100);
			}
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
			System.out.printf("startup %s ready-ms=%d uptime-ms=%d heap-bytes=%d classes=%d%n", args[0], ready[0],
					uptime, heap, classes);
		}
	}

}
