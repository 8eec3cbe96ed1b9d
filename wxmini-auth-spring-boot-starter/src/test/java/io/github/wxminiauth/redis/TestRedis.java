package io.github.wxminiauth.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import io.github.wxminiauth.test.LocalRedisCluster;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Connections to a test Redis under a key prefix of the test's own, whose keys are deleted
 * afterwards: the shared standalone Redis at 127.0.0.1:6379, or the local Redis Cluster. Each
 * connection stands for one application instance.
 */
final class TestRedis implements AutoCloseable {

	final String prefix = "wxmini-test:" + UUID.randomUUID() + ":";

	private final Supplier<RedisConfiguration> configuration;

	private final boolean cluster;

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	TestRedis() {
		this(() -> new RedisStandaloneConfiguration("127.0.0.1", 6379), false);
	}

	private TestRedis(Supplier<RedisConfiguration> configuration, boolean cluster) {
		this.configuration = configuration;
		this.cluster = cluster;
	}

	/**
	 * The local Redis Cluster, started if it is not up.
	 */
	static TestRedis cluster() {
		return new TestRedis(() -> new RedisClusterConfiguration(LocalRedisCluster.nodes()), true);
	}

	/**
	 * A new connection, as a separate application instance would have.
	 */
	StringRedisTemplate connect() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(this.configuration.get(),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		factory.afterPropertiesSet();
		factory.start();
		this.factories.add(factory);
		return new StringRedisTemplate(factory);
	}

	List<String> keys(StringRedisTemplate redis) {
		List<String> keys = new ArrayList<>();
		if (!this.cluster) {
			try (Cursor<String> cursor = redis
				.scan(ScanOptions.scanOptions().match(this.prefix + "*").count(1000).build())) {
				cursor.forEachRemaining(keys::add);
			}
			return keys;
		}
		redis.execute((RedisCallback<Void>) (connection) -> {
			RedisClusterConnection clusterConnection = (RedisClusterConnection) connection;
			for (RedisClusterNode node : clusterConnection.clusterGetNodes()) {
				if (node.isMaster() && node.isConnected()) {
					for (byte[] key : clusterConnection.keys(node, (this.prefix + "*").getBytes())) {
						keys.add(new String(key));
					}
				}
			}
			return null;
		});
		return keys;
	}

	@Override
	public void close() {
		if (!this.factories.isEmpty()) {
			StringRedisTemplate redis = new StringRedisTemplate(this.factories.get(0));
			for (String key : keys(redis)) {
				redis.delete(key);
			}
		}
		this.factories.forEach(LettuceConnectionFactory::destroy);
		this.factories.clear();
	}

}
