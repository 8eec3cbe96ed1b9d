package io.github.wxminiauth.coexistence.shop;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.github.wxminiauth.coexistence.support.HostHttp;
import io.github.wxminiauth.coexistence.support.WeChat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.github.wxminiauth.coexistence.shop.ShopAccounts.ADMIN;
import static io.github.wxminiauth.coexistence.shop.ShopAccounts.ADMIN_PASSWORD;
import static io.github.wxminiauth.coexistence.shop.ShopAccounts.USER;
import static io.github.wxminiauth.coexistence.shop.ShopAccounts.USER_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's own tests of its own security: HTTP Basic, its JWTs through its resource server,
 * the global {@code AuthenticationManager} and {@code @PreAuthorize}.
 */
@SpringBootTest(classes = ShopApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
public class ShopTests {

	private static final JsonMapper json = new JsonMapper();

	@LocalServerPort
	private int port;

	@Autowired
	private JwtEncoder shopJwtEncoder;

	protected HostHttp http;

	@DynamicPropertySource
	static void wechat(DynamicPropertyRegistry registry) {
		WeChat.configure(registry);
	}

	@BeforeEach
	void connect() {
		this.http = new HostHttp(this.port);
	}

	@Test
	void basicLoginIssuesTheShopsOwnRs256Jwt() {
		HostHttp.Response token = this.http.post("/token").basic(USER, USER_PASSWORD).send();
		assertThat(token.status()).as(token.toString()).isEqualTo(200);
		JsonNode header = part(token.text("access_token"), 0);
		assertThat(header.get("alg").asString()).isEqualTo("RS256");
		assertThat(header.get("kid").asString()).isEqualTo(ShopTokens.KEY_ID);
		JsonNode claims = part(token.text("access_token"), 1);
		assertThat(claims.get("iss").asString()).isEqualTo(ShopTokens.ISSUER);
		assertThat(claims.get("sub").asString()).isEqualTo(USER);
	}

	@Test
	void theShopsJwtReachesTheApi() {
		HostHttp.Response me = this.http.get("/api/me").bearer(shopToken(USER, USER_PASSWORD)).send();
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.text("name")).isEqualTo(USER);
		assertThat(me.json().get("roles").toString()).isEqualTo("[\"ROLE_USER\"]");
	}

	@Test
	void httpBasicReachesTheApiDirectly() {
		HostHttp.Response me = this.http.get("/api/me").basic(ADMIN, ADMIN_PASSWORD).send();
		assertThat(me.status()).as(me.toString()).isEqualTo(200);
		assertThat(me.text("name")).isEqualTo(ADMIN);
		assertThat(me.json().get("roles").toString()).isEqualTo("[\"ROLE_ADMIN\",\"ROLE_USER\"]");
	}

	@Test
	void aWrongPasswordIsRefusedWith401AndABasicChallenge() {
		HostHttp.Response me = this.http.get("/api/me").basic(USER, "not-the-password").send();
		assertThat(me.status()).isEqualTo(401);
		assertThat(me.header("WWW-Authenticate")).startsWith("Basic ");
		HostHttp.Response token = this.http.post("/token").basic(USER, "not-the-password").send();
		assertThat(token.status()).isEqualTo(401);
		assertThat(token.body()).doesNotContain("access_token");
	}

	@Test
	void anUnknownUserIsRefusedWith401() {
		assertThat(this.http.get("/api/me").basic("wangwu", "whatever").send().status()).isEqualTo(401);
	}

	@Test
	void noCredentialsAreRefusedWith401AndABasicChallenge() {
		for (String accept : new String[] { "application/json", "*/*", "text/html" }) {
			HostHttp.Response me = this.http.get("/api/me").header("Accept", accept).send();
			assertThat(me.status()).as("Accept: %s, %s", accept, me).isEqualTo(401);
			assertThat(me.header("WWW-Authenticate")).as("Accept: %s", accept).startsWith("Basic ");
			assertThat(me.body()).doesNotContain("roles");
		}
	}

	@Test
	void theJsonLoginAuthenticatesThroughTheGlobalAuthenticationManager() {
		HostHttp.Response login = this.http.post("/api/auth/login")
			.json("{\"username\":\"" + USER + "\",\"password\":\"" + USER_PASSWORD + "\"}")
			.send();
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		HostHttp.Response me = this.http.get("/api/me").bearer(login.text("access_token")).send();
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.text("name")).isEqualTo(USER);
	}

	@Test
	void theJsonLoginRefusesAWrongPasswordAsBadCredentials() {
		HostHttp.Response login = this.http.post("/api/auth/login")
			.json("{\"username\":\"" + USER + "\",\"password\":\"not-the-password\"}")
			.send();
		assertThat(login.status()).isEqualTo(401);
		assertThat(login.text("reason")).isEqualTo("BadCredentialsException");
	}

	@Test
	void preAuthorizeLetsEveryUserSeeTheirOrders() {
		HostHttp.Response withJwt = this.http.get("/api/orders").bearer(shopToken(USER, USER_PASSWORD)).send();
		assertThat(withJwt.status()).as(withJwt.toString()).isEqualTo(200);
		assertThat(withJwt.text("owner")).isEqualTo(USER);
		HostHttp.Response withBasic = this.http.get("/api/orders").basic(USER, USER_PASSWORD).send();
		assertThat(withBasic.status()).isEqualTo(200);
	}

	@Test
	void preAuthorizeLetsOnlyAdminsReadTheReport() {
		assertThat(this.http.get("/api/admin/report").bearer(shopToken(USER, USER_PASSWORD)).send().status())
			.isEqualTo(403);
		assertThat(this.http.get("/api/admin/report").basic(USER, USER_PASSWORD).send().status()).isEqualTo(403);
		assertThat(this.http.get("/api/admin/report").bearer(shopToken(ADMIN, ADMIN_PASSWORD)).send().status())
			.isEqualTo(200);
		assertThat(this.http.get("/api/admin/report").basic(ADMIN, ADMIN_PASSWORD).send().status()).isEqualTo(200);
	}

	@Test
	void aJwtSignedWithAnotherKeyIsRefusedAsAnInvalidToken() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair other = generator.generateKeyPair();
		JwtEncoder forger = NimbusJwtEncoder
			.withKeyPair((RSAPublicKey) other.getPublic(), (RSAPrivateKey) other.getPrivate())
			.jwkPostProcessor((jwk) -> jwk.keyID(ShopTokens.KEY_ID))
			.build();
		assertInvalidToken(this.http.get("/api/admin/report")
			.bearer(mint(forger, ShopTokens.ISSUER, Instant.now().plusSeconds(600), List.of("ADMIN")))
			.send());
	}

	@Test
	void aJwtOfTheShopsKeyButAnotherIssuerIsRefusedAsAnInvalidToken() {
		assertInvalidToken(this.http.get("/api/me")
			.bearer(mint(this.shopJwtEncoder, "https://elsewhere.example.cn", Instant.now().plusSeconds(600),
					List.of("USER")))
			.send());
	}

	@Test
	void anExpiredJwtIsRefusedAsAnInvalidToken() {
		assertInvalidToken(this.http.get("/api/me")
			.bearer(mint(this.shopJwtEncoder, ShopTokens.ISSUER, Instant.now().minusSeconds(3600), List.of("USER")))
			.send());
	}

	@Test
	void aBearerTokenThatIsNoJwtIsRefusedAsAnInvalidToken() {
		assertInvalidToken(this.http.get("/api/me").bearer("not-a-jwt").send());
	}

	/**
	 * Logs in with HTTP Basic at {@code POST /token}.
	 */
	protected String shopToken(String username, String password) {
		HostHttp.Response token = this.http.post("/token").basic(username, password).send();
		assertThat(token.status()).as(token.toString()).isEqualTo(200);
		return token.text("access_token");
	}

	protected static void assertInvalidToken(HostHttp.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
	}

	private static String mint(JwtEncoder encoder, String issuer, Instant expiresAt, List<String> roles) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(issuer)
			.subject(ADMIN)
			.issuedAt(expiresAt.minusSeconds(3600))
			.expiresAt(expiresAt)
			.claim("roles", roles)
			.build();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(ShopTokens.KEY_ID).build();
		return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
	}

	private static JsonNode part(String jwt, int index) {
		return json.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8));
	}

}
