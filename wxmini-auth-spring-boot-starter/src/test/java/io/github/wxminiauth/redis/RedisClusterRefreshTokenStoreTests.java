package io.github.wxminiauth.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.wxminiauth.token.RotationResult.Outcome;
import io.github.wxminiauth.user.WxPrincipal;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.core.RedisCallback;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisRefreshTokenStore} against the local Redis Cluster: every scenario of
 * {@link RedisRefreshTokenStoreTests}, whose scripts Redis Cluster refuses if they touch keys of
 * two slots, and the layout that keeps them in one.
 */
class RedisClusterRefreshTokenStoreTests extends RedisRefreshTokenStoreTests {

	@Override
	TestRedis testRedis() {
		return TestRedis.cluster();
	}

	@Test
	void aUsersKeysShareOneSlotAndTheRevocationKeysAnother() {
		Instant until = Instant.parse("2030-01-01T00:00:00Z").plus(Duration.ofDays(30));
		WxPrincipal session = new WxPrincipal("wx-app", "openid-slots", null, tagged("openid-slots", "sid-slots"));
		this.store.save(tagged("openid-slots", "hash-slots"), session, until, null, 1, until);
		this.store.save(tagged("openid-slots", "hash-slots-2"),
				new WxPrincipal("wx-app", "openid-slots", null, tagged("openid-slots", "sid-slots-2")), until, null, 1,
				until);
		this.store.markUserStale("wx-app", "openid-slots", until.minus(Duration.ofDays(30)), until);

		List<String> userKeys = List.of(userKey("openid-slots", "rt:" + tagged("openid-slots", "hash-slots")),
				userKey("openid-slots", "rt:" + tagged("openid-slots", "hash-slots-2")),
				userKey("openid-slots", "sessions"), userKey("openid-slots", "revoked"));
		List<String> revocationKeys = List.of(this.testRedis.prefix + "{revocations}",
				this.testRedis.prefix + "{revocations}:sessions", this.testRedis.prefix + "{revocations}:stale-users");
		assertThat(this.testRedis.keys(this.redis)).containsAll(userKeys).containsAll(revocationKeys);
		assertThat(userKeys).extracting(this::slot).containsOnly(slot(userKeys.get(0)));
		assertThat(revocationKeys).extracting(this::slot).containsOnly(slot(revocationKeys.get(0)));
		assertThat(slot(userKey("openid-other", "sessions"))).as("another user's slot, most likely")
			.isNotEqualTo(slot(userKeys.get(0)));
		assertThat(this.store.isSessionRevoked(tagged("openid-slots", "sid-slots"))).as("revoked for the limit of one")
			.isTrue();
		assertThat(this.store.rotate(tagged("openid-slots", "hash-slots"), tagged("openid-slots", "hash-next"),
				until.minus(Duration.ofDays(29)), until, until)
			.outcome()).isEqualTo(Outcome.REVOKED);
	}

	private long slot(String key) {
		return this.redis.execute((RedisCallback<Long>) (connection) -> ((RedisClusterConnection) connection)
			.clusterGetSlotForKey(key.getBytes()).longValue());
	}

}
