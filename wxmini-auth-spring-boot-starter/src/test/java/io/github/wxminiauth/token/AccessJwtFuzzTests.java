package io.github.wxminiauth.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.auth0.jwt.algorithms.Algorithm;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.user.InMemoryWxUserDetailsService;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzz test of the access-token verifier ({@link AccessJwtCodec#decode} and
 * {@link WxTokenService#verify}): arbitrary strings, a genuine token with fuzzed segments or
 * splices, and tokens forged from fuzzed header and payload JSON (unsigned, signed with another
 * key, or with a fuzzed signature). Every input is either rejected with
 * {@link InvalidAccessTokenException} and nothing else, or is accepted only if its signed part is
 * exactly the genuine token's.
 */
class AccessJwtFuzzTests {

	private static final byte[] KEY = "fuzz-test-key-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8);

	private static final Algorithm OTHER_KEY = Algorithm
		.HMAC256("another-key-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8));

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final WxPrincipal PRINCIPAL = new WxPrincipal("wx1234567890abcdef", "o-fuzz-user", null,
			"session-1");

	private final MutableClock clock = new MutableClock(NOW);

	private final AccessJwtCodec codec = AccessJwtCodec.hs256(KEY, "wxmini-auth", Duration.ofSeconds(30), this.clock);

	private final WxTokenService service = new WxTokenService(this.codec, new InMemoryRefreshTokenStore(this.clock),
			new InMemoryWxUserDetailsService(), WxAppRegistry.of(new WxApp("default", PRINCIPAL.appId(), "secret")),
			this.clock, Duration.ofHours(2), Duration.ofDays(30));

	private final String genuine = this.codec.encode(PRINCIPAL, List.of("ROLE_USER"), NOW, NOW.plusSeconds(7200),
			"jti-1");

	@FuzzTest(maxDuration = "30s")
	void onlyTheGenuinelySignedTokenIsEverAccepted(FuzzedDataProvider data) {
		String token = switch (data.consumeInt(0, 3)) {
			case 0 -> data.consumeRemainingAsString();
			case 1 -> replaceSegments(data);
			case 2 -> forge(data);
			default -> splice(data);
		};
		check(token);
	}

	private void check(String token) {
		VerifiedAccessToken decoded = null;
		try {
			decoded = this.codec.decode(token);
		}
		catch (InvalidAccessTokenException ex) {
			assertThat(ex.getMessage()).doesNotContain(token.length() > 8 ? token : "\u0000never");
		}
		VerifiedAccessToken verified = null;
		try {
			verified = this.service.verify(token);
		}
		catch (InvalidAccessTokenException ex) {
			assertThat(decoded == null || ex.getMessage() != null).isTrue();
		}
		if (decoded != null || verified != null) {
			// java-jwt checks the signature over the header and payload text as sent, so an
			// accepted token must carry exactly the genuine token's signed part; and as every part
			// must be canonical base64url, it must be the genuine token itself, to the character.
			assertThat(signedPart(token)).isEqualTo(signedPart(this.genuine));
			assertThat(token).isEqualTo(this.genuine);
			assertThat((decoded != null) ? decoded.principal() : verified.principal()).isEqualTo(PRINCIPAL);
		}
	}

	private String replaceSegments(FuzzedDataProvider data) {
		String[] parts = this.genuine.split("\\.");
		for (int i = 0; i < parts.length; i++) {
			if (data.consumeBoolean()) {
				parts[i] = data.consumeString(200);
			}
		}
		return String.join(".", parts);
	}

	private String forge(FuzzedDataProvider data) {
		String header = base64Url(data.consumeString(200));
		String payload = base64Url(data.consumeString(400));
		String signingInput = header + "." + payload;
		return switch (data.consumeInt(0, 2)) {
			case 0 -> signingInput + ".";
			case 1 -> signingInput + "." + Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(OTHER_KEY.sign(header.getBytes(StandardCharsets.US_ASCII),
						payload.getBytes(StandardCharsets.US_ASCII)));
			default -> signingInput + "." + data.consumeRemainingAsString();
		};
	}

	private String splice(FuzzedDataProvider data) {
		int from = data.consumeInt(0, this.genuine.length());
		int to = data.consumeInt(from, this.genuine.length());
		return this.genuine.substring(0, from) + data.consumeRemainingAsString() + this.genuine.substring(to);
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String signedPart(String token) {
		int lastDot = token.lastIndexOf('.');
		return (lastDot >= 0) ? token.substring(0, lastDot) : token;
	}

}
