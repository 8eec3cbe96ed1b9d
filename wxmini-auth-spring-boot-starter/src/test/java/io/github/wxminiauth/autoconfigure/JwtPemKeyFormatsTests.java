package io.github.wxminiauth.autoconfigure;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

import io.github.wxminiauth.test.Der;
import io.github.wxminiauth.test.TestKeys;
import io.github.wxminiauth.token.AccessJwtCodec;
import io.github.wxminiauth.token.JwtSigningKeys;
import io.github.wxminiauth.user.WxPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PEM forms of keys that Spring Boot reads elsewhere (SSL bundles) are read for
 * {@code wxmini.jwt.keys} too: PKCS#8, encrypted PKCS#8, PKCS#1 and SEC1 private keys, and X.509
 * SubjectPublicKeyInfo, PKCS#1 public keys and certificates.
 */
class JwtPemKeyFormatsTests {

	private static final String PASSWORD = "pem-password-MUST-NOT-LEAK";

	private static final TestKeys files = new TestKeys();

	private static final KeyPair EC = TestKeys.p256();

	private static final KeyPair RSA = TestKeys.rsa(2048);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WxMiniAutoConfiguration.class))
		.withPropertyValues("wxmini.app-id=wx1234567890abcdef", "wxmini.app-secret=app-secret");

	static Stream<Arguments> privateKeys() {
		return Stream.of(
				Arguments.of("ES256", "PKCS#8", TestKeys.pem("PRIVATE KEY", EC.getPrivate().getEncoded()), null),
				Arguments.of("ES256", "SEC1", TestKeys.pem("EC PRIVATE KEY", sec1((ECPrivateKey) EC.getPrivate())), null),
				Arguments.of("ES256", "encrypted PKCS#8", encrypted(EC.getPrivate().getEncoded()), PASSWORD),
				Arguments.of("RS256", "PKCS#8", TestKeys.pem("PRIVATE KEY", RSA.getPrivate().getEncoded()), null),
				Arguments.of("RS256", "PKCS#1", TestKeys.pem("RSA PRIVATE KEY", pkcs1((RSAPrivateCrtKey) RSA.getPrivate())),
						null),
				Arguments.of("RS256", "encrypted PKCS#8", encrypted(RSA.getPrivate().getEncoded()), PASSWORD));
	}

	@ParameterizedTest(name = "{0} private key as {1}")
	@MethodSource("privateKeys")
	void privateKeyInEveryFormBootReadsSignsTokensItsPublicKeyVerifies(String algorithm, String form, String pem,
			String password) {
		KeyPair pair = algorithm.equals("ES256") ? EC : RSA;
		Path privateKey = files.write(algorithm + "-" + form.replace(' ', '-').replace("#", "") + ".key", pem);
		Path publicKey = files.write(algorithm + "-public.pem", TestKeys.pem("PUBLIC KEY", pair.getPublic().getEncoded()));
		ApplicationContextRunner runner = this.runner.withPropertyValues("wxmini.jwt.algorithm=" + algorithm,
				"wxmini.jwt.keys[0].kid=k1", "wxmini.jwt.keys[0].private-key=" + privateKey.toUri(),
				"wxmini.jwt.keys[0].public-key=" + publicKey.toUri());
		if (password != null) {
			runner = runner.withPropertyValues("wxmini.jwt.keys[0].private-key-password=" + password);
		}
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(secret(context.getBean(JwtSigningKeys.class).activeKey().privateKey()))
				.isEqualTo(secret(pair.getPrivate()));
			assertSignsAndVerifies(context);
		});
	}

	static Stream<Arguments> publicKeys() {
		RSAPublicKey rsa = (RSAPublicKey) RSA.getPublic();
		return Stream.of(Arguments.of("X.509 SubjectPublicKeyInfo", TestKeys.pem("PUBLIC KEY", rsa.getEncoded())),
				Arguments.of("PKCS#1", TestKeys.pem("RSA PUBLIC KEY",
						Der.sequence(Der.integer(rsa.getModulus()), Der.integer(rsa.getPublicExponent())))));
	}

	@ParameterizedTest(name = "RS256 public key as {0}")
	@MethodSource("publicKeys")
	void publicKeyInEachFormVerifies(String form, String pem) {
		Path privateKey = files.write("rsa-for-public.key", TestKeys.pem("PRIVATE KEY", RSA.getPrivate().getEncoded()));
		Path publicKey = files.write("rsa-" + form.replace(' ', '-').replace("#", "") + ".pub", pem);
		this.runner
			.withPropertyValues("wxmini.jwt.algorithm=RS256", "wxmini.jwt.keys[0].kid=k1",
					"wxmini.jwt.keys[0].private-key=" + privateKey.toUri(), "wxmini.jwt.keys[0].public-key=" + publicKey.toUri())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(JwtSigningKeys.class).activeKey().publicKey()).isEqualTo(RSA.getPublic());
				assertSignsAndVerifies(context);
			});
	}

	@Test
	void encryptedPrivateKeyWithoutAPasswordFailsStartUpNamingThePasswordProperty() {
		Path privateKey = files.write("encrypted-no-password.key", encrypted(EC.getPrivate().getEncoded()));
		Path publicKey = files.write("ec-public.pem", TestKeys.pem("PUBLIC KEY", EC.getPublic().getEncoded()));
		this.runner
			.withPropertyValues("wxmini.jwt.algorithm=ES256", "wxmini.jwt.keys[0].private-key=" + privateKey.toUri(),
					"wxmini.jwt.keys[0].public-key=" + publicKey.toUri())
			.run((context) -> assertThat(rootCause(context).getName())
				.isEqualTo("wxmini.jwt.keys[0].private-key-password"));
	}

	@Test
	void encryptedPrivateKeyWithTheWrongPasswordFailsStartUpWithoutEchoingEither() {
		Path privateKey = files.write("encrypted-wrong-password.key", encrypted(EC.getPrivate().getEncoded()));
		Path publicKey = files.write("ec-public.pem", TestKeys.pem("PUBLIC KEY", EC.getPublic().getEncoded()));
		String wrong = "wrong-pem-password-MUST-NOT-LEAK";
		this.runner
			.withPropertyValues("wxmini.jwt.algorithm=ES256", "wxmini.jwt.keys[0].private-key=" + privateKey.toUri(),
					"wxmini.jwt.keys[0].public-key=" + publicKey.toUri(),
					"wxmini.jwt.keys[0].private-key-password=" + wrong)
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = rootCause(context);
				assertThat(failure.getName()).isEqualTo("wxmini.jwt.keys[0].private-key-password");
				assertThat(stackTrace(context.getStartupFailure())).doesNotContain(wrong).doesNotContain(PASSWORD);
			});
	}

	/** The secret number of a key, whatever its encoding: {@code d} for EC, the private exponent for RSA. */
	private static BigInteger secret(PrivateKey key) {
		return (key instanceof ECPrivateKey ec) ? ec.getS() : ((RSAPrivateKey) key).getPrivateExponent();
	}

	private static void assertSignsAndVerifies(AssertableApplicationContext context) {
		AccessJwtCodec codec = context.getBean(AccessJwtCodec.class);
		Instant now = Instant.now();
		String token = codec.encode(new WxPrincipal("wx1234567890abcdef", "o-1", null, "sid-1"), List.of("ROLE_USER"), now,
				now.plusSeconds(60), "jti-1");
		assertThat(codec.decode(token).principal().openid()).isEqualTo("o-1");
	}

	/** SEC1 {@code ECPrivateKey} with its curve named, as {@code openssl ecparam -genkey} writes it. */
	private static byte[] sec1(ECPrivateKey key) {
		return Der.sequence(Der.integer(BigInteger.ONE), Der.octetString(Der.unsigned(key.getS(), 32)),
				Der.explicit(0, Der.p256()));
	}

	/** PKCS#1 {@code RSAPrivateKey}, as {@code openssl genrsa -traditional} writes it. */
	private static byte[] pkcs1(RSAPrivateCrtKey key) {
		return Der.sequence(Der.integer(BigInteger.ZERO), Der.integer(key.getModulus()),
				Der.integer(key.getPublicExponent()), Der.integer(key.getPrivateExponent()),
				Der.integer(key.getPrimeP()), Der.integer(key.getPrimeQ()), Der.integer(key.getPrimeExponentP()),
				Der.integer(key.getPrimeExponentQ()), Der.integer(key.getCrtCoefficient()));
	}

	/** PKCS#8 encrypted with PBES2 (PBKDF2 with HMAC-SHA256, AES-256), as {@code openssl pkcs8 -topk8} does. */
	private static String encrypted(byte[] pkcs8) {
		try {
			String algorithm = "PBEWithHmacSHA256AndAES_256";
			SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
			Cipher cipher = Cipher.getInstance(algorithm);
			byte[] salt = new byte[16];
			new SecureRandom().nextBytes(salt);
			cipher.init(Cipher.ENCRYPT_MODE, factory.generateSecret(new PBEKeySpec(PASSWORD.toCharArray())),
					new PBEParameterSpec(salt, 10000));
			AlgorithmParameters parameters = cipher.getParameters();
			// EncryptedPrivateKeyInfo of Java 17 cannot name PBES2 itself: its DER is written here.
			byte[] pbes2 = Der.oid((byte) 0x2a, (byte) 0x86, (byte) 0x48, (byte) 0x86, (byte) 0xf7, (byte) 0x0d,
					(byte) 0x01, (byte) 0x05, (byte) 0x0d);
			byte[] info = Der.sequence(Der.sequence(pbes2, parameters.getEncoded()), Der.octetString(cipher.doFinal(pkcs8)));
			assertThat(new EncryptedPrivateKeyInfo(info).getAlgName()).isNotBlank();
			return TestKeys.pem("ENCRYPTED PRIVATE KEY", info);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static InvalidConfigurationPropertyValueException rootCause(AssertableApplicationContext context) {
		Throwable failure = context.getStartupFailure();
		assertThat(failure).isNotNull();
		while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
			failure = failure.getCause();
		}
		assertThat(failure).isInstanceOf(InvalidConfigurationPropertyValueException.class);
		return (InvalidConfigurationPropertyValueException) failure;
	}

	private static String stackTrace(Throwable failure) {
		StringWriter text = new StringWriter();
		failure.printStackTrace(new PrintWriter(text));
		return text.toString();
	}

}
