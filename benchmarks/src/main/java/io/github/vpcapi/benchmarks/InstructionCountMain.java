package io.github.vpcapi.benchmarks;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import com.aliyuncs.IAcsClient;
import io.github.vpcapi.benchmarks.Clients.Call;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs under {@code valgrind --tool=callgrind} (see {@code benchmarks/instructions.sh}) to
 * count the instructions each client executes per call: a figure that, unlike time, does
 * not move with what else the machine is doing.
 * <p>
 * The emulator runs in another process, so that only the client's work is counted. All
 * three clients are built and warmed up alike; then each is measured in windows of calls
 * (in the order bare, starter, starter with metrics, repeated), callgrind's counters being
 * zeroed before a window and dumped after it by {@code callgrind_control}.
 * <p>
 * Arguments: emulator address (host:port), CA certificate PEM file, warm-up calls per
 * client, calls per window, rounds.
 */
public final class InstructionCountMain {

	private InstructionCountMain() {
	}

	public static void main(String[] args) throws Exception {
		String address = args[0];
		String caPem = Files.readString(Path.of(args[1]));
		int warmup = Integer.parseInt(args[2]);
		int calls = Integer.parseInt(args[3]);
		int rounds = Integer.parseInt(args[4]);
		try (ConfigurableApplicationContext starter = Clients.starter(address, caPem, false);
				ConfigurableApplicationContext starterWithMetrics = Clients.starter(address, caPem, true)) {
			IAcsClient bare = Clients.bare(address, trustManager(caPem));
			String[] names = Clients.NAMES;
			Call[] clients = Clients.compared(bare, starter, starterWithMetrics);
			for (int done = 0; done < warmup; done += 100) {
				for (Call client : clients) {
					Clients.run(client, Math.min(100, warmup - done));
				}
			}
			callgrind("-z");
			for (int round = 0; round < rounds; round++) {
				for (int client = 0; client < clients.length; client++) {
					Clients.run(clients[client], calls);
					callgrind("-d");
					// The dump also zeroes the counters: the next window starts here.
					System.out.printf("window %s %d calls%n", names[client], calls);
				}
			}
			bare.shutdown();
		}
	}

	private static void callgrind(String command) throws Exception {
		Process process = new ProcessBuilder("callgrind_control", command,
				Long.toString(ProcessHandle.current().pid()))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (process.waitFor() != 0) {
			throw new IllegalStateException("callgrind_control " + command + " failed: is this JVM under callgrind?");
		}
	}

	private static X509TrustManager trustManager(String pem) throws Exception {
		KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
		store.load(null, null);
		store.setCertificateEntry("emulator-ca", CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(store);
		return (X509TrustManager) factory.getTrustManagers()[0];
	}

}
