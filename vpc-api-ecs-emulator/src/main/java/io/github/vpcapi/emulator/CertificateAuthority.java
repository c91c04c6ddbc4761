package io.github.vpcapi.emulator;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.NetUtil;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority: generated when the emulator starts, it signs a
 * certificate for each host name a client asks for, so that a client that trusts it sees a
 * valid certificate for {@code ecs-vpc.<region>.aliyuncs.com}. Uses the JDK's default
 * providers; nothing is registered globally.
 */
final class CertificateAuthority {

	private static final Duration VALIDITY = Duration.ofDays(7);

	private final KeyPair caKeys;

	private final X509Certificate caCertificate;

	private final Map<String, SslContext> contexts = new ConcurrentHashMap<>();

	private final AtomicLong serial = new AtomicLong(System.currentTimeMillis());

	CertificateAuthority() {
		try {
			this.caKeys = newKeyPair();
			X500Name name = new X500Name("CN=vpc-api ECS emulator CA, O=vpc-api");
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, nextSerial(), notBefore(),
					notAfter(), name, this.caKeys.getPublic());
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
			builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
			this.caCertificate = sign(builder);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create the emulator's CA", ex);
		}
	}

	X509Certificate certificate() {
		return this.caCertificate;
	}

	String certificatePem() {
		try {
			StringWriter pem = new StringWriter();
			pem.write("-----BEGIN CERTIFICATE-----\n");
			pem.write(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(this.caCertificate.getEncoded()));
			pem.write("\n-----END CERTIFICATE-----\n");
			return pem.toString();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	X509TrustManager trustManager() {
		try {
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			store.setCertificateEntry("vpc-api-ecs-emulator-ca", this.caCertificate);
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(store);
			for (TrustManager trustManager : factory.getTrustManagers()) {
				if (trustManager instanceof X509TrustManager x509) {
					return x509;
				}
			}
			throw new IllegalStateException("No X509TrustManager");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	SslContext serverContext(String host) {
		return this.contexts.computeIfAbsent(host.toLowerCase(java.util.Locale.ROOT), this::newServerContext);
	}

	private SslContext newServerContext(String host) {
		try {
			KeyPair keys = newKeyPair();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
					X500Name.getInstance(this.caCertificate.getSubjectX500Principal().getEncoded()), nextSerial(),
					notBefore(), notAfter(), new X500Name("CN=" + host), keys.getPublic());
			GeneralName san = NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)
					? new GeneralName(GeneralName.iPAddress, host) : new GeneralName(GeneralName.dNSName, host);
			builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
			X509Certificate certificate = sign(builder);
			return SslContextBuilder.forServer(keys.getPrivate(), certificate, this.caCertificate).build();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create a certificate for " + host, ex);
		}
	}

	private X509Certificate sign(X509v3CertificateBuilder builder) throws Exception {
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(this.caKeys.getPrivate())));
	}

	private static KeyPair newKeyPair() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return generator.generateKeyPair();
	}

	private BigInteger nextSerial() {
		return BigInteger.valueOf(this.serial.incrementAndGet());
	}

	private static Date notBefore() {
		return Date.from(Instant.now().minus(Duration.ofHours(1)));
	}

	private static Date notAfter() {
		return Date.from(Instant.now().plus(VALIDITY));
	}

}
