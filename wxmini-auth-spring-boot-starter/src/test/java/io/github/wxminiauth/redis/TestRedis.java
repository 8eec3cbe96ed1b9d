package io.github.wxminiauth.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Connections to the shared test Redis at 127.0.0.1:6379, under a key prefix of the test's own,
 * whose keys are deleted afterwards. Each connection stands for one application instance.
 */
final class TestRedis implements AutoCloseable {

	final String prefix = "wxmini-test:" + UUID.randomUUID() + ":";

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	/**
	 * A new connection, as a separate application instance would have.
	 */
	StringRedisTemplate connect() {
		return connect(Duration.ofSeconds(2));
	}

	/**
	 * A new connection whose commands time out after {@code commandTimeout}.
	 */
	StringRedisTemplate connect(Duration commandTimeout) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379),
				LettuceClientConfiguration.builder().commandTimeout(commandTimeout).build());
		factory.afterPropertiesSet();
		factory.start();
		this.factories.add(factory);
		return new StringRedisTemplate(factory);
	}

	List<String> keys(StringRedisTemplate redis) {
		List<String> keys = new ArrayList<>();
		try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(this.prefix + "*").count(1000).build())) {
			cursor.forEachRemaining(keys::add);
		}
		return keys;
	}

	@Override
	public void close() {
		if (!this.factories.isEmpty()) {
			StringRedisTemplate redis = new StringRedisTemplate(this.factories.get(0));
			List<String> keys = keys(redis);
			if (!keys.isEmpty()) {
				redis.delete(keys);
			}
		}
		this.factories.forEach(LettuceConnectionFactory::destroy);
		this.factories.clear();
	}

}
