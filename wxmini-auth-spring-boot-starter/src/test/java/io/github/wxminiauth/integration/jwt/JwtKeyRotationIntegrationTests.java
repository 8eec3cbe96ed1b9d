package io.github.wxminiauth.integration.jwt;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.auth0.jwt.JWT;
import io.github.wxminiauth.integration.support.HardeningTestApplication;
import io.github.wxminiauth.integration.support.TestHttp;
import io.github.wxminiauth.integration.support.TestInstances;
import io.github.wxminiauth.integration.support.WeChatStub;
import io.github.wxminiauth.test.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation as the README describes it, over real HTTP, each step a restart with new
 * configuration: a new key is added and made active, tokens of the old key keep working while it
 * is listed, the JWK Set publishes both, and once the old key is removed its tokens are refused.
 * The JWK Set endpoint also answers on a configured path with a configured max-age, from a key
 * store, and is not served at all with HS256.
 */
class JwtKeyRotationIntegrationTests {

	@RegisterExtension
	static final WeChatStub wechat = new WeChatStub();

	private static final TestKeys files = new TestKeys();

	private static final TestInstances instances = new TestInstances(HardeningTestApplication.class);

	@BeforeAll
	static void writeKeys() {
		files.writePem("old", TestKeys.p256());
		files.writePem("new", TestKeys.p256());
	}

	@AfterAll
	static void stopInstances() {
		instances.close();
	}

	@Test
	void tokenOfTheOldKeyVerifiesAfterRotationAndIsRefusedOnceTheKeyIsRemoved() {
		String oldToken;
		try (ConfigurableApplicationContext app = start("wxmini.jwt.keys[0].kid=old", privateKey(0, "old"),
				publicKey(0, "old"))) {
			oldToken = login(app, "rotation-1");
			assertThat(JWT.decode(oldToken).getKeyId()).isEqualTo("old");
		}
		String newToken;
		try (ConfigurableApplicationContext app = start("wxmini.jwt.keys[0].kid=new", "wxmini.jwt.keys[0].active=true",
				privateKey(0, "new"), publicKey(0, "new"), "wxmini.jwt.keys[1].kid=old", publicKey(1, "old"))) {
			assertThat(http(app).get("/api/me", oldToken).status()).isEqualTo(200);
			newToken = login(app, "rotation-2");
			assertThat(JWT.decode(newToken).getKeyId()).isEqualTo("new");
			assertThat(kids(http(app).get("/.well-known/jwks.json", null).json())).containsExactly("new", "old");
		}
		try (ConfigurableApplicationContext app = start("wxmini.jwt.keys[0].kid=new", privateKey(0, "new"),
				publicKey(0, "new"))) {
			TestHttp.Response refused = http(app).get("/api/me", oldToken);
			assertThat(refused.status()).isEqualTo(401);
			assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
			assertThat(refused.text("error")).isEqualTo("invalid_token");
			assertThat(http(app).get("/api/me", newToken).status()).isEqualTo(200);
			assertThat(kids(http(app).get("/.well-known/jwks.json", null).json())).containsExactly("new");
		}
	}

	@Test
	void jwkSetFromAKeyStoreAnswersOnTheConfiguredPathWithTheConfiguredMaxAge() {
		Path keystore = files.keystore("rs.p12", "PKCS12", "jwt", "store-password", "RSA", "-keysize", "2048");
		try (ConfigurableApplicationContext app = start("wxmini.jwt.algorithm=RS256", "wxmini.jwt.keys[0].kid=rs-1",
				"wxmini.jwt.keys[0].keystore.location=" + keystore.toUri(),
				"wxmini.jwt.keys[0].keystore.password=store-password", "wxmini.jwt.keys[0].keystore.alias=jwt",
				"wxmini.jwt.jwks.path=/oauth2/jwks", "wxmini.jwt.jwks.max-age=1h")) {
			TestHttp.Response jwks = http(app).get("/oauth2/jwks", null);
			assertThat(jwks.status()).isEqualTo(200);
			assertThat(jwks.header("Cache-Control")).isEqualTo("max-age=3600, public");
			JsonNode key = jwks.json().get("keys").get(0);
			assertThat(key.get("kty").asString()).isEqualTo("RSA");
			assertThat(key.get("alg").asString()).isEqualTo("RS256");
			assertThat(key.get("e").asString()).isEqualTo("AQAB");
			assertThat(http(app).get("/.well-known/jwks.json", null).status()).as("default path not served")
				.isEqualTo(401);
			String token = login(app, "rs256");
			assertThat(JWT.decode(token).getAlgorithm()).isEqualTo("RS256");
			assertThat(http(app).get("/api/me", token).status()).isEqualTo(200);
		}
	}

	@Test
	void withHs256TheJwkSetIsNotServed() {
		Map<String, Object> hs256 = new HashMap<>(wechat.properties());
		hs256.put("wxmini.jwt.secret", "rotation-test-secret-of-32-bytes!!!");
		try (ConfigurableApplicationContext app = instances.start(hs256)) {
			TestHttp.Response jwks = http(app).get("/.well-known/jwks.json", null);
			assertThat(jwks.status()).isEqualTo(401);
			assertThat(jwks.text("error")).isEqualTo("unauthorized");
			assertThat(jwks.body()).doesNotContain("\"keys\"");
		}
	}

	/**
	 * Starts the application with these {@code key=value} properties, ES256 unless they say
	 * otherwise.
	 */
	private static ConfigurableApplicationContext start(String... properties) {
		Map<String, Object> all = new HashMap<>(wechat.properties());
		all.put("wxmini.jwt.algorithm", "ES256");
		for (String property : properties) {
			int equals = property.indexOf('=');
			all.put(property.substring(0, equals), property.substring(equals + 1));
		}
		return instances.start(all);
	}

	private static String privateKey(int index, String name) {
		return "wxmini.jwt.keys[" + index + "].private-key=" + files.privateKeyFile(name).toUri();
	}

	private static String publicKey(int index, String name) {
		return "wxmini.jwt.keys[" + index + "].public-key=" + files.publicKeyFile(name).toUri();
	}

	private static String login(ConfigurableApplicationContext app, String name) {
		wechat.login("code-" + name, "openid-" + name);
		TestHttp.Response login = http(app).postJson("/wx/login", "{\"code\":\"code-" + name + "\"}");
		assertThat(login.status()).isEqualTo(200);
		return login.text("access_token");
	}

	private static List<String> kids(JsonNode jwkSet) {
		List<String> kids = new ArrayList<>();
		jwkSet.get("keys").forEach((key) -> kids.add(key.get("kid").asString()));
		return kids;
	}

	private static TestHttp http(ConfigurableApplicationContext app) {
		return TestInstances.http(app);
	}

}
