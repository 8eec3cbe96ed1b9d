package io.github.wxminiauth.autoconfigure;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import com.auth0.jwt.JWT;
import io.github.wxminiauth.security.web.WxJwkSetEndpoint;
import io.github.wxminiauth.test.TestKeys;
import io.github.wxminiauth.token.AccessJwtCodec;
import io.github.wxminiauth.token.internal.JsonWebKeys;
import io.github.wxminiauth.token.JwsAlgorithm;
import io.github.wxminiauth.token.JwtSigningKey;
import io.github.wxminiauth.token.JwtSigningKeys;
import io.github.wxminiauth.user.WxPrincipal;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loading the asymmetric keys of {@code wxmini.jwt.*} from PEM files and key stores, and the
 * start-up failures that name the property to fix.
 */
class JwtSigningKeysConfigurationTests {

	private static final String PASSWORD = "keystore-password-MUST-NOT-LEAK";

	private static final TestKeys files = new TestKeys();

	private static final KeyPair EC = TestKeys.p256();

	private static final KeyPair RSA = TestKeys.rsa(2048);

	static {
		files.writePem("ec", EC);
		files.writePem("ec2", TestKeys.p256());
		files.writePem("rsa", RSA);
		files.writePem("rsa1024", TestKeys.rsa(1024));
		files.writePem("p384", TestKeys.ec("secp384r1"));
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WxMiniAutoConfiguration.class))
		.withPropertyValues("wxmini.app-id=wx1234567890abcdef", "wxmini.app-secret=app-secret");

	private static String privateKey(int index, String name) {
		return "wxmini.jwt.keys[" + index + "].private-key=" + url(files.privateKeyFile(name));
	}

	private static String publicKey(int index, String name) {
		return "wxmini.jwt.keys[" + index + "].public-key=" + url(files.publicKeyFile(name));
	}

	private static String url(Path file) {
		return file.toUri().toString();
	}

	@Test
	void withoutNewPropertiesTokensAreHs256AndThereIsNoKeySet() {
		this.runner.withPropertyValues("wxmini.jwt.secret=0123456789abcdef0123456789abcdef").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(JwtSigningKeys.class);
			assertThat(JWT.decode(token(context)).getAlgorithm()).isEqualTo("HS256");
			assertThat(JWT.decode(token(context)).getKeyId()).isNull();
			assertThat(context.getBean(WxJwkSetEndpoint.class)).isEqualTo(WxJwkSetEndpoint.defaults());
		});
	}

	@Test
	void es256FromPemFilesSignsWithTheJwkThumbprintAsKid() {
		this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256", privateKey(0, "ec"), publicKey(0, "ec"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JwtSigningKeys keys = context.getBean(JwtSigningKeys.class);
				assertThat(keys.activeKey().publicKey()).isEqualTo(EC.getPublic());
				assertThat(keys.activeKey().privateKey()).isEqualTo(EC.getPrivate());
				assertThat(keys.activeKey().keyId()).isEqualTo(JsonWebKeys.thumbprint(EC.getPublic()));
				String token = token(context);
				assertThat(JWT.decode(token).getAlgorithm()).isEqualTo("ES256");
				assertThat(JWT.decode(token).getKeyId()).isEqualTo(keys.activeKey().keyId());
				assertThat(context.getBean(AccessJwtCodec.class).decode(token).principal().openid()).isEqualTo("o-1");
			});
	}

	@Test
	void rs256FromAKeyStoreAndACertificateThatOnlyVerifies() {
		Path keystore = files.keystore("rsa-cert.p12", "PKCS12", "jwt", PASSWORD, "RSA", "-keysize", "2048");
		Path certificate = files.exportCertificate(keystore, "PKCS12", "jwt", PASSWORD, "rsa-cert.crt");
		this.runner
			.withPropertyValues("wxmini.jwt.algorithm=RS256", "wxmini.jwt.keys[0].kid=from-keystore",
					"wxmini.jwt.keys[0].keystore.location=" + url(keystore),
					"wxmini.jwt.keys[0].keystore.password=" + PASSWORD, "wxmini.jwt.keys[0].keystore.alias=jwt",
					"wxmini.jwt.keys[1].kid=from-certificate",
					"wxmini.jwt.keys[1].public-key=" + url(certificate))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JwtSigningKeys keys = context.getBean(JwtSigningKeys.class);
				assertThat(keys.algorithm()).isEqualTo(JwsAlgorithm.RS256);
				assertThat(keys.keys()).extracting(JwtSigningKey::keyId)
					.containsExactly("from-keystore", "from-certificate");
				assertThat(keys.keys().get(1).publicKey()).isEqualTo(keys.keys().get(0).publicKey());
				assertThat(keys.keys().get(1).canSign()).isFalse();
				assertThat(JWT.decode(token(context)).getKeyId()).isEqualTo("from-keystore");
			});
	}

	@Test
	void es256FromAJksKeyStoreWithATrustedCertificateEntryThatOnlyVerifies() {
		Path keystore = files.keystore("ec.jks", "JKS", "current", PASSWORD, "EC", "-groupname", "secp256r1");
		Path old = files.keystore("old.p12", "PKCS12", "old", PASSWORD, "EC", "-groupname", "secp256r1");
		files.importCertificate(keystore, "JKS", "previous", PASSWORD,
				files.exportCertificate(old, "PKCS12", "old", PASSWORD, "old.crt"));
		this.runner
			.withPropertyValues("wxmini.jwt.algorithm=ES256", "wxmini.jwt.keys[0].kid=previous",
					"wxmini.jwt.keys[0].keystore.location=" + url(keystore), "wxmini.jwt.keys[0].keystore.type=JKS",
					"wxmini.jwt.keys[0].keystore.password=" + PASSWORD, "wxmini.jwt.keys[0].keystore.alias=previous",
					"wxmini.jwt.keys[1].kid=current", "wxmini.jwt.keys[1].active=true",
					"wxmini.jwt.keys[1].keystore.location=" + url(keystore), "wxmini.jwt.keys[1].keystore.type=JKS",
					"wxmini.jwt.keys[1].keystore.password=" + PASSWORD, "wxmini.jwt.keys[1].keystore.alias=current")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JwtSigningKeys keys = context.getBean(JwtSigningKeys.class);
				assertThat(keys.activeKey().keyId()).isEqualTo("current");
				assertThat(keys.keys().get(0).canSign()).isFalse();
				assertThat(JWT.decode(token(context)).getKeyId()).isEqualTo("current");
			});
	}

	@Test
	void theKeyMarkedActiveSignsAndTheOthersVerify() {
		this.runner
			.withPropertyValues("wxmini.jwt.algorithm=ES256", "wxmini.jwt.keys[0].kid=old", publicKey(0, "ec2"),
					"wxmini.jwt.keys[1].kid=new", "wxmini.jwt.keys[1].active=true", privateKey(1, "ec"),
					publicKey(1, "ec"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(JWT.decode(token(context)).getKeyId()).isEqualTo("new");
			});
	}

	@Test
	void asymmetricAlgorithmWithoutKeysFailsStartUp() {
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256"), "wxmini.jwt.keys",
				"wxmini.jwt.algorithm=ES256 needs at least one key in wxmini.jwt.keys");
	}

	@Test
	void keysWithHs256FailStartUp() {
		assertFailure(this.runner.withPropertyValues(privateKey(0, "ec"), publicKey(0, "ec")), "wxmini.jwt.algorithm",
				"wxmini.jwt.keys is set, but wxmini.jwt.algorithm is HS256");
	}

	@Test
	void secretWithAnAsymmetricAlgorithmFailsStartUpWithoutEchoingIt() {
		String secret = "hs256-secret-that-MUST-NOT-LEAK-32b";
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256", "wxmini.jwt.secret=" + secret,
				privateKey(0, "ec"), publicKey(0, "ec")), "wxmini.jwt.secret",
				"wxmini.jwt.secret is only used with wxmini.jwt.algorithm=HS256, but the algorithm is ES256");
		this.runner
			.withPropertyValues("wxmini.jwt.algorithm=ES256", "wxmini.jwt.secret=" + secret, privateKey(0, "ec"),
					publicKey(0, "ec"))
			.run((context) -> assertThat(context.getStartupFailure()).hasStackTraceContaining("wxmini.jwt.secret")
				.satisfies((ex) -> assertThat(stackTrace(ex)).doesNotContain(secret)));
	}

	@Test
	void keyWithoutFilesOrKeyStoreFailsStartUp() {
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256", "wxmini.jwt.keys[0].kid=k"),
				"wxmini.jwt.keys[0]", "wxmini.jwt.keys[0] names no key");
	}

	@Test
	void privateKeyWithoutPublicKeyFailsStartUp() {
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256", privateKey(0, "ec")),
				"wxmini.jwt.keys[0].public-key", "wxmini.jwt.keys[0].public-key is required");
	}

	@Test
	void missingFileFailsStartUp() {
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256", privateKey(0, "ec"),
				"wxmini.jwt.keys[0].public-key=file:/nonexistent/jwt.pub.pem"), "wxmini.jwt.keys[0].public-key",
				"does not exist");
	}

	@Test
	void fileThatIsNotPemFailsStartUp() {
		Path notPem = files.write("not.pem", "just some text");
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256", privateKey(0, "ec"),
				"wxmini.jwt.keys[0].public-key=" + url(notPem)), "wxmini.jwt.keys[0].public-key",
				"is not a PEM file");
	}

	@Test
	void unreadablePrivateKeyFailsStartUpNamingTheProperty() {
		Path sec1 = files.write("sec1.pem", TestKeys.pem("EC PRIVATE KEY", new byte[] { 1, 2, 3 }));
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256",
				"wxmini.jwt.keys[0].private-key=" + url(sec1), publicKey(0, "ec")), "wxmini.jwt.keys[0].private-key",
				"holds a private key that could not be read");
	}

	@Test
	void keyOnAnotherCurveFailsStartUp() {
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256", privateKey(0, "p384"),
				publicKey(0, "p384")), "wxmini.jwt.keys[0]", "ES256 needs an EC key on curve P-256");
	}

	@Test
	void rsaKeyForEs256FailsStartUp() {
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256", privateKey(0, "rsa"),
				publicKey(0, "rsa")), "wxmini.jwt.keys[0]", "ES256 needs an EC key on curve P-256, but this is an RSA key");
	}

	@Test
	void rsaKeyUnder2048BitsFailsStartUp() {
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=RS256", privateKey(0, "rsa1024"),
				publicKey(0, "rsa1024")), "wxmini.jwt.keys[0]",
				"RS256 needs an RSA key of at least 2048 bits, but this one has 1024");
	}

	@Test
	void privateKeyOfAnotherPairFailsStartUp() {
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256", privateKey(0, "ec2"),
				publicKey(0, "ec")), "wxmini.jwt.keys[0]", "the private key does not belong to the public key");
	}

	@Test
	void repeatedKidFailsStartUp() {
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256", "wxmini.jwt.keys[0].kid=k",
				privateKey(0, "ec"), publicKey(0, "ec"), "wxmini.jwt.keys[1].kid=k", publicKey(1, "ec2")),
				"wxmini.jwt.keys[1].kid", "kid 'k' of wxmini.jwt.keys[1] repeats that of wxmini.jwt.keys[0]");
	}

	@Test
	void sameKeyListedTwiceFailsStartUp() {
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256", privateKey(0, "ec"),
				publicKey(0, "ec"), publicKey(1, "ec")), "wxmini.jwt.keys[1].kid", "repeats that of wxmini.jwt.keys[0]");
	}

	@Test
	void twoActiveKeysFailStartUp() {
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256", "wxmini.jwt.keys[0].active=true",
				privateKey(0, "ec"), publicKey(0, "ec"), "wxmini.jwt.keys[1].active=true", privateKey(1, "ec2"),
				publicKey(1, "ec2")), "wxmini.jwt.keys[1].active", "Only one key may be active");
	}

	@Test
	void signingKeyWithoutPrivateKeyFailsStartUp() {
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256", publicKey(0, "ec")),
				"wxmini.jwt.keys[0].private-key", "wxmini.jwt.keys[0] signs new tokens (it is the first key)");
	}

	@Test
	void pemFilesAndKeyStoreTogetherFailStartUp() {
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256", privateKey(0, "ec"),
				publicKey(0, "ec"), "wxmini.jwt.keys[0].keystore.location=file:/x.p12"),
				"wxmini.jwt.keys[0].keystore.location", "sets both PEM files");
	}

	@Test
	void privateKeyWithAPasswordOfItsOwnIsReadWithKeyPassword() {
		String keyPassword = "key-password-MUST-NOT-LEAK";
		Path keystore = files.keystoreWithKeyPassword("key-password.jks", "JKS", "jwt", PASSWORD, keyPassword, "EC", "-groupname",
				"secp256r1");
		this.runner
			.withPropertyValues("wxmini.jwt.algorithm=ES256", "wxmini.jwt.keys[0].kid=own-password",
					"wxmini.jwt.keys[0].keystore.location=" + url(keystore), "wxmini.jwt.keys[0].keystore.type=JKS",
					"wxmini.jwt.keys[0].keystore.password=" + PASSWORD, "wxmini.jwt.keys[0].keystore.alias=jwt",
					"wxmini.jwt.keys[0].keystore.key-password=" + keyPassword)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(JwtSigningKeys.class).activeKey().canSign()).isTrue();
				assertThat(JWT.decode(token(context)).getKeyId()).isEqualTo("own-password");
			});
	}

	@Test
	void privateKeyWithAPasswordOfItsOwnFailsStartUpWithoutKeyPasswordAndEchoesNeither() {
		String keyPassword = "key-password-MUST-NOT-LEAK";
		Path keystore = files.keystoreWithKeyPassword("key-password-missing.jks", "JKS", "jwt", PASSWORD, keyPassword, "EC",
				"-groupname", "secp256r1");
		this.runner
			.withPropertyValues("wxmini.jwt.algorithm=ES256", "wxmini.jwt.keys[0].keystore.location=" + url(keystore),
					"wxmini.jwt.keys[0].keystore.type=JKS", "wxmini.jwt.keys[0].keystore.password=" + PASSWORD,
					"wxmini.jwt.keys[0].keystore.alias=jwt")
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = rootCause(context);
				assertThat(failure.getName()).isEqualTo("wxmini.jwt.keys[0].keystore.key-password");
				assertThat(failure).hasMessageContaining("could not be recovered");
				assertThat(stackTrace(context.getStartupFailure())).doesNotContain(keyPassword).doesNotContain(PASSWORD);
			});
	}

	@Test
	void keyStoreWithTheWrongPasswordFailsStartUpWithoutEchoingIt() {
		Path keystore = files.keystore("wrong-password.p12", "PKCS12", "jwt", PASSWORD, "EC", "-groupname",
				"secp256r1");
		String wrong = "wrong-password-MUST-NOT-LEAK";
		this.runner
			.withPropertyValues("wxmini.jwt.algorithm=ES256", "wxmini.jwt.keys[0].keystore.location=" + url(keystore),
					"wxmini.jwt.keys[0].keystore.password=" + wrong, "wxmini.jwt.keys[0].keystore.alias=jwt")
			.run((context) -> {
				InvalidConfigurationPropertyValueException failure = rootCause(context);
				assertThat(failure.getName()).isEqualTo("wxmini.jwt.keys[0].keystore.password");
				assertThat(failure).hasMessageContaining("could not be opened with wxmini.jwt.keys[0].keystore.password");
				assertThat(stackTrace(context.getStartupFailure())).doesNotContain(wrong).doesNotContain(PASSWORD);
			});
	}

	@Test
	void unknownKeyStoreAliasFailsStartUp() {
		Path keystore = files.keystore("alias.p12", "PKCS12", "jwt", PASSWORD, "EC", "-groupname", "secp256r1");
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256",
				"wxmini.jwt.keys[0].keystore.location=" + url(keystore), "wxmini.jwt.keys[0].keystore.password=" + PASSWORD,
				"wxmini.jwt.keys[0].keystore.alias=nope"), "wxmini.jwt.keys[0].keystore.alias", "has no entry 'nope'");
	}

	@Test
	void keyStoreWithoutAliasFailsStartUp() {
		assertFailure(this.runner.withPropertyValues("wxmini.jwt.algorithm=ES256",
				"wxmini.jwt.keys[0].keystore.location=file:/x.p12"), "wxmini.jwt.keys[0].keystore.alias",
				"wxmini.jwt.keys[0].keystore.alias is required");
	}

	@Test
	void idePropertyMetadataDescribesTheNewPropertiesWithTheirDefaults() throws Exception {
		java.util.Map<String, tools.jackson.databind.JsonNode> properties = new java.util.HashMap<>();
		try (java.io.InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			for (tools.jackson.databind.JsonNode property : new tools.jackson.databind.json.JsonMapper().readTree(in)
				.get("properties")) {
				properties.put(property.get("name").asString(), property);
			}
		}
		assertThat(properties).containsKeys("wxmini.jwt.algorithm", "wxmini.jwt.keys", "wxmini.jwt.jwks.path",
				"wxmini.jwt.jwks.max-age");
		assertThat(properties.get("wxmini.jwt.algorithm").get("defaultValue").asString()).isEqualTo("HS256");
		assertThat(properties.get("wxmini.jwt.jwks.path").get("defaultValue").asString())
			.isEqualTo("/.well-known/jwks.json");
		assertThat(properties.get("wxmini.jwt.jwks.max-age").get("defaultValue").asString()).isEqualTo("5m");
		assertThat(properties.get("wxmini.jwt.keys").get("description").asString()).contains("active");
	}

	private static void assertFailure(ApplicationContextRunner runner, String property, String message) {
		runner.run((context) -> {
			InvalidConfigurationPropertyValueException failure = rootCause(context);
			assertThat(failure.getName()).isEqualTo(property);
			assertThat(failure).hasMessageContaining(message);
		});
	}

	private static InvalidConfigurationPropertyValueException rootCause(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
		assertThat(cause).isInstanceOf(InvalidConfigurationPropertyValueException.class);
		return (InvalidConfigurationPropertyValueException) cause;
	}

	private static String stackTrace(Throwable ex) {
		java.io.StringWriter out = new java.io.StringWriter();
		ex.printStackTrace(new java.io.PrintWriter(out));
		return out.toString();
	}

	private static String token(AssertableApplicationContext context) {
		return context.getBean(AccessJwtCodec.class)
			.encode(new WxPrincipal("wx1234567890abcdef", "o-1", null, "sid-1"), List.of(),
					java.time.Instant.now(), java.time.Instant.now().plusSeconds(60), "jti-1");
	}

}
