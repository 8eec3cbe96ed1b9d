package io.github.wxminiauth.security.web.internal;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.wxminiauth.security.web.WxJwkSetEndpoint;
import io.github.wxminiauth.test.TestKeys;
import io.github.wxminiauth.token.JwsAlgorithm;
import io.github.wxminiauth.token.JwtSigningKey;
import io.github.wxminiauth.token.JwtSigningKeys;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class WxJwkSetFilterTests {

	private static final KeyPair ACTIVE = TestKeys.p256();

	private static final KeyPair RETIRED = TestKeys.p256();

	private final WxJwkSetFilter filter = new WxJwkSetFilter(
			new WxJwkSetEndpoint("/.well-known/jwks.json", Duration.ofMinutes(10)),
			new JwtSigningKeys(JwsAlgorithm.ES256,
					List.of(new JwtSigningKey("es-new", ACTIVE.getPublic(), ACTIVE.getPrivate()),
							new JwtSigningKey("es-old", RETIRED.getPublic(), null)),
					"es-new"),
			JsonMapper.shared());

	@Test
	void getOfTheEndpointAnswersEveryPublicKeyAsACacheableJwkSet() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicBoolean passedOn = new AtomicBoolean();
		this.filter.doFilter(new MockHttpServletRequest("GET", "/.well-known/jwks.json"), response,
				(request, res) -> passedOn.set(true));

		assertThat(passedOn).isFalse();
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).startsWith("application/json");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("max-age=600, public");
		assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
		JsonNode keys = JsonMapper.shared().readTree(response.getContentAsByteArray()).get("keys");
		assertThat(keys).hasSize(2);
		assertThat(keys.get(0).get("kid").asString()).isEqualTo("es-new");
		assertThat(keys.get(1).get("kid").asString()).isEqualTo("es-old");
		for (JsonNode key : keys) {
			assertThat(key.get("kty").asString()).isEqualTo("EC");
			assertThat(key.get("alg").asString()).isEqualTo("ES256");
			assertThat(key.get("use").asString()).isEqualTo("sig");
			assertThat(key.has("d")).as("no private member").isFalse();
		}
		String x = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(unsigned(((ECPublicKey) ACTIVE.getPublic()).getW().getAffineX().toByteArray()));
		assertThat(keys.get(0).get("x").asString()).isEqualTo(x);
	}

	@Test
	void otherPathsAndMethodsPassThrough() throws Exception {
		for (MockHttpServletRequest request : List.of(new MockHttpServletRequest("GET", "/api/me"),
				new MockHttpServletRequest("POST", "/.well-known/jwks.json"))) {
			MockHttpServletResponse response = new MockHttpServletResponse();
			AtomicBoolean passedOn = new AtomicBoolean();
			this.filter.doFilter(request, response, (req, res) -> passedOn.set(true));
			assertThat(passedOn).as(request.getMethod() + " " + request.getRequestURI()).isTrue();
			assertThat(response.getContentAsByteArray()).isEmpty();
			assertThat(response.getHeader("Cache-Control")).isNull();
		}
	}

	/** A P-256 coordinate in its 32 bytes, without the sign byte BigInteger may add. */
	private static byte[] unsigned(byte[] bytes) {
		if (bytes.length == 32) {
			return bytes;
		}
		byte[] fixed = new byte[32];
		int copy = Math.min(bytes.length, 32);
		System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
		return fixed;
	}

}
