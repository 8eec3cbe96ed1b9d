package io.github.wxminiauth.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.token.AccessJwtCodec;
import io.github.wxminiauth.token.IssuedTokens;
import io.github.wxminiauth.token.WxTokenService;
import io.github.wxminiauth.user.WxIdentity;
import io.github.wxminiauth.user.WxUserDetails;
import io.github.wxminiauth.user.WxUserDetailsService;
import io.github.wxminiauth.user.WxUserRegistration;
import io.github.wxminiauth.wechat.PhoneNumber;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many commands a login, a refresh and a logout send to Redis, counted by the Redis client:
 * the cost of the Redis mode is its round trips. {@link RedisClusterRoundTripsTests} counts the
 * same on Redis Cluster.
 */
class RedisRoundTripsTests {

	/** What the client sends on its own: the handshake and, on a cluster, the topology. */
	private static final Set<String> CLIENT_OWN = Set.of("HELLO", "CLIENT", "PING", "CLUSTER", "READONLY", "COMMAND",
			"INFO", "AUTH", "SELECT");

	private static final WxUserDetails USER = new WxUserDetails("wx-app", "openid-trips", null, null,
			List.of("ROLE_USER"));

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final List<String> commands = new CopyOnWriteArrayList<>();

	private TestRedis testRedis;

	private WxTokenService tokens;

	/**
	 * The Redis the tests run against.
	 */
	TestRedis testRedis() {
		return new TestRedis();
	}

	@BeforeEach
	void setUp() {
		this.testRedis = testRedis();
		StringRedisTemplate redis = this.testRedis.connect();
		((LettuceConnectionFactory) redis.getRequiredConnectionFactory()).getNativeClient()
			.addListener(new CommandListener() {
				@Override
				public void commandStarted(CommandStartedEvent event) {
					String type = event.getCommand().getType().toString();
					if (!CLIENT_OWN.contains(type)) {
						RedisRoundTripsTests.this.commands.add(type);
					}
				}
			});
		RedisRefreshTokenStore store = new RedisRefreshTokenStore(redis, this.testRedis.prefix, this.clock);
		AccessJwtCodec codec = AccessJwtCodec.hs256("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
				"wxmini-auth", Duration.ofSeconds(60), this.clock);
		this.tokens = new WxTokenService(codec, store, new OneUser(), WxAppRegistry.of(new WxApp("app", "wx-app", "s")),
				this.clock, Duration.ofHours(2), Duration.ofDays(30));
		// Redis learns each script once (EVALSHA, then EVAL when it does not know it yet): from
		// then on a script is one command (on a cluster, once per node).
		this.tokens.logout(this.tokens.refresh(this.tokens.login(USER).refreshToken()).session());
		this.commands.clear();
	}

	@AfterEach
	void tearDown() {
		this.testRedis.close();
	}

	@Test
	void aLoginIsOneCommand() {
		this.tokens.login(USER);
		assertThat(this.commands).containsExactly("EVALSHA");
	}

	@Test
	void aRefreshIsOneCommand() {
		IssuedTokens login = this.tokens.login(USER);
		this.commands.clear();
		this.tokens.refresh(login.refreshToken());
		assertThat(this.commands).containsExactly("EVALSHA");
	}

	@Test
	void aLogoutIsTwoCommandsTheUsersSlotThenTheRevocations() {
		IssuedTokens login = this.tokens.login(USER);
		this.commands.clear();
		this.tokens.logout(login.session());
		assertThat(this.commands).containsExactly("EVALSHA", "EVALSHA");
	}

	/**
	 * A user store of one user.
	 */
	private static final class OneUser implements WxUserDetailsService {

		@Override
		public WxUserRegistration loadOrRegister(WxIdentity identity) {
			return new WxUserRegistration(USER, false);
		}

		@Override
		public @Nullable WxUserDetails loadUser(String appId, String openid) {
			return USER;
		}

		@Override
		public WxUserDetails bindPhoneNumber(String appId, String openid, PhoneNumber phoneNumber) {
			throw new UnsupportedOperationException();
		}

	}

}
