package io.github.wxminiauth.sessionkey;

import java.time.Duration;
import java.time.Instant;

import io.github.wxminiauth.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemorySessionKeyStoreTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final InMemorySessionKeyStore store = new InMemorySessionKeyStore(this.clock, Duration.ofDays(3));

	@Test
	void keepsTheLatestSessionKeyPerAppAndOpenid() {
		this.store.save("app-a", "openid-1", "key-1");
		this.store.save("app-a", "openid-1", "key-2");
		this.store.save("app-b", "openid-1", "key-3");
		assertThat(this.store.find("app-a", "openid-1")).isEqualTo("key-2");
		assertThat(this.store.find("app-b", "openid-1")).isEqualTo("key-3");
		assertThat(this.store.find("app-a", "openid-2")).isNull();
	}

	@Test
	void sessionKeyExpiresAfterItsTtl() {
		this.store.save("app-a", "openid-1", "key-1");
		this.clock.advance(Duration.ofDays(3).minusSeconds(1));
		assertThat(this.store.find("app-a", "openid-1")).isEqualTo("key-1");
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.store.find("app-a", "openid-1")).isNull();
	}

	@Test
	void expiredKeysAreForgottenSoMemoryStaysBounded() {
		for (int i = 0; i < 2000; i++) {
			this.store.save("app-a", "openid-" + i, "key");
		}
		this.clock.advance(Duration.ofDays(4));
		for (int i = 0; i < 2000; i++) {
			this.store.save("app-a", "fresh-" + i, "key");
		}
		assertThat(this.store.size()).isLessThan(4000);
	}

	@Test
	void toStringDoesNotShowSessionKeys() {
		this.store.save("app-a", "openid-1", "secret-session-key");
		assertThat(this.store.toString()).doesNotContain("secret-session-key");
	}

}
