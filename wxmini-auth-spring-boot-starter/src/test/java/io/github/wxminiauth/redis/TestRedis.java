package io.github.wxminiauth.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import io.github.wxminiauth.test.LocalRedisCluster;
import io.github.wxminiauth.test.RedisKeys;
import io.lettuce.core.resource.ClientResources;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Connections to a test Redis under a key prefix of the test's own, whose keys are deleted
 * afterwards: the shared standalone Redis at 127.0.0.1:6379, or the local Redis Cluster. Each
 * connection stands for one application instance.
 */
final class TestRedis implements AutoCloseable {

	final String prefix = "wxmini-test:" + UUID.randomUUID() + ":";

	private final Supplier<RedisConfiguration> configuration;

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	TestRedis() {
		this(() -> new RedisStandaloneConfiguration("127.0.0.1", 6379));
	}

	private TestRedis(Supplier<RedisConfiguration> configuration) {
		this.configuration = configuration;
	}

	/**
	 * The local Redis Cluster, started if it is not up.
	 */
	static TestRedis cluster() {
		return new TestRedis(() -> new RedisClusterConfiguration(LocalRedisCluster.nodes()));
	}

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
		return connect(LettuceClientConfiguration.builder().commandTimeout(commandTimeout).build());
	}

	/**
	 * A new connection with Lettuce resources of the test's, e.g. to watch the connections it opens.
	 */
	StringRedisTemplate connect(ClientResources resources) {
		return connect(LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofSeconds(2))
			.clientResources(resources)
			.build());
	}

	private StringRedisTemplate connect(LettuceClientConfiguration clientConfiguration) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(this.configuration.get(), clientConfiguration);
		factory.afterPropertiesSet();
		factory.start();
		this.factories.add(factory);
		return new StringRedisTemplate(factory);
	}

	List<String> keys(StringRedisTemplate redis) {
		return RedisKeys.under(redis, this.prefix);
	}

	@Override
	public void close() {
		if (!this.factories.isEmpty()) {
			RedisKeys.deleteUnder(new StringRedisTemplate(this.factories.get(0)), this.prefix);
		}
		this.factories.forEach(LettuceConnectionFactory::destroy);
		this.factories.clear();
	}

}
