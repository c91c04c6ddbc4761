package io.github.vpcapi.emulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone, for the {@code aliyun} CLI, scripts and other SDKs:
 * {@code java -jar vpc-api-ecs-emulator-<version>-all.jar --port 8080 --access-key ID:SECRET}.
 */
public final class EcsEmulatorMain {

	static final String USAGE = """
			Usage: java -jar vpc-api-ecs-emulator-all.jar [options]
			  --port N                         port to listen on, on 127.0.0.1 (default 8080; 0 = any free port)
			  --access-key ID:SECRET           accept this AccessKey pair (repeatable; at least one)
			  --sts-access-key ID:SECRET:TOKEN accept this temporary pair with its STS token (repeatable)
			  --tls                            speak TLS to direct clients (certificates from the emulator's CA)
			  --ca-out FILE                    write the CA certificate (PEM) to FILE (default: ecs-emulator-ca.pem)
			  --help                           print this help
			The port also works as an HTTP(S) proxy: point a client's proxy at it to keep the real host names.
			""";

	private EcsEmulatorMain() {
	}

	public static void main(String[] args) throws Exception {
		Options options;
		try {
			options = parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.print(USAGE);
			System.exit(2);
			return;
		}
		if (options == null) {
			System.out.print(USAGE);
			return;
		}
		EcsEmulator emulator = options.builder().start();
		Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "ecs-emulator-shutdown"));
		announce(emulator, options, System.out);
		new CountDownLatch(1).await();
	}

	static void announce(EcsEmulator emulator, Options options, PrintStream out) throws IOException {
		Files.writeString(options.caOut(), emulator.caCertificatePem(), StandardCharsets.US_ASCII);
		out.println("ECS emulator listening on " + (options.tls() ? "https" : "http") + "://" + emulator.address());
		out.println("CA certificate written to " + options.caOut().toAbsolutePath());
		out.println("Try: aliyun ecs DescribeRegions --endpoint " + emulator.address()
				+ " --access-key-id <ID> --access-key-secret <SECRET> --region cn-hangzhou");
	}

	/**
	 * Parse the command line.
	 * @return the options, or {@code null} when help was asked for
	 * @throws IllegalArgumentException for a bad command line
	 */
	static Options parse(String[] args) {
		EcsEmulator.Builder builder = EcsEmulator.builder().port(8080);
		boolean tls = false;
		boolean anyKey = false;
		Path caOut = Path.of("ecs-emulator-ca.pem");
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			switch (arg) {
				case "--help", "-h" -> {
					return null;
				}
				case "--tls" -> tls = true;
				case "--port" -> builder.port(port(value(args, ++i, arg)));
				case "--ca-out" -> caOut = Path.of(value(args, ++i, arg));
				case "--access-key" -> {
					String[] parts = value(args, ++i, arg).split(":", 2);
					if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
						throw new IllegalArgumentException("--access-key takes ID:SECRET");
					}
					builder.accessKey(parts[0], parts[1]);
					anyKey = true;
				}
				case "--sts-access-key" -> {
					String[] parts = value(args, ++i, arg).split(":", 3);
					if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
						throw new IllegalArgumentException("--sts-access-key takes ID:SECRET:TOKEN");
					}
					builder.stsAccessKey(parts[0], parts[1], parts[2]);
					anyKey = true;
				}
				default -> throw new IllegalArgumentException("Unknown option: " + arg);
			}
		}
		if (!anyKey) {
			throw new IllegalArgumentException("At least one --access-key ID:SECRET is required");
		}
		builder.tls(tls);
		return new Options(builder, tls, caOut);
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return args[index];
	}

	private static int port(String value) {
		try {
			int port = Integer.parseInt(value);
			if (port < 0 || port > 65535) {
				throw new NumberFormatException();
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--port takes a number from 0 to 65535, not " + value);
		}
	}

	record Options(EcsEmulator.Builder builder, boolean tls, Path caOut) {

	}

}
