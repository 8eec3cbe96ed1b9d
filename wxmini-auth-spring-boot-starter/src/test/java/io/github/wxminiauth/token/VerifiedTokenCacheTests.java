package io.github.wxminiauth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.user.WxPrincipal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Verified tokens are reused only for exactly the same text and only until they expire.
 */
class VerifiedTokenCacheTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final Duration SKEW = Duration.ofSeconds(30);

	private static final byte[] KEY = "verified-token-cache-key-of-32-bytes!".getBytes();

	private static final WxPrincipal SESSION = new WxPrincipal("wx123", "o-openid", null, "sid-1");

	private final MutableClock clock = new MutableClock(NOW);

	private final AccessJwtCodec codec = AccessJwtCodec.hs256(KEY, "wxmini-auth", SKEW, this.clock);

	private String token() {
		return this.codec.encode(SESSION, List.of("ROLE_USER"), NOW, NOW.plusSeconds(600), "jti-1");
	}

	@Test
	void aTokenVerifiedBeforeStillExpires() {
		String token = token();
		assertThat(this.codec.decode(token).principal().openid()).isEqualTo("o-openid");
		this.clock.advance(Duration.ofSeconds(600).plus(SKEW));
		assertThat(this.codec.decode(token).principal().openid()).as("within the skew").isEqualTo("o-openid");
		this.clock.advance(Duration.ofSeconds(1));
		assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> this.codec.decode(token));
	}

	@Test
	void aTokenDifferingInOneCharacterFromAVerifiedOneIsVerifiedInFullAndRefused() {
		String token = token();
		this.codec.decode(token);
		char last = token.charAt(token.length() - 1);
		String tampered = token.substring(0, token.length() - 1) + ((last == 'A') ? 'B' : 'A');
		assertThatExceptionOfType(InvalidAccessTokenException.class).isThrownBy(() -> this.codec.decode(tampered));
		String payloadTampered = token.replaceFirst("\\.", ".e");
		assertThatExceptionOfType(InvalidAccessTokenException.class)
			.isThrownBy(() -> this.codec.decode(payloadTampered));
	}

	@Test
	void aRepeatedTokenIsServedFromTheCache() {
		String token = token();
		VerifiedAccessToken first = this.codec.decode(token);
		assertThat(this.codec.decode(new String(token.toCharArray()))).isSameAs(first);
	}

	@Test
	void theCacheStaysWithinItsBound() {
		VerifiedTokenCache cache = new VerifiedTokenCache(this.clock, SKEW, 3);
		VerifiedAccessToken verified = this.codec.decode(token());
		for (int i = 0; i < 10; i++) {
			cache.put("token-" + i, verified);
			assertThat(cache.size()).isLessThanOrEqualTo(3);
		}
		assertThat(cache.get("token-9")).isSameAs(verified);
	}

}
