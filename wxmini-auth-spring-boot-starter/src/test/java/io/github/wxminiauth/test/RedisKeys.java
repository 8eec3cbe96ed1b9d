package io.github.wxminiauth.test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The keys under a test's prefix, on a standalone Redis or on every master of a Redis Cluster
 * (where one {@code SCAN} sees one node only).
 */
public final class RedisKeys {

	private RedisKeys() {
	}

	public static List<String> under(StringRedisTemplate redis, String prefix) {
		List<String> keys = new ArrayList<>();
		redis.execute((RedisCallback<Void>) (connection) -> {
			if (connection instanceof RedisClusterConnection cluster) {
				for (RedisClusterNode node : cluster.clusterGetNodes()) {
					if (node.isMaster() && !node.getFlags().contains(RedisClusterNode.Flag.FAIL)) {
						for (byte[] key : cluster.keys(node, (prefix + "*").getBytes(StandardCharsets.UTF_8))) {
							keys.add(new String(key, StandardCharsets.UTF_8));
						}
					}
				}
			}
			else {
				try (Cursor<byte[]> cursor = connection.keyCommands()
					.scan(ScanOptions.scanOptions().match(prefix + "*").count(1000).build())) {
					cursor.forEachRemaining((key) -> keys.add(new String(key, StandardCharsets.UTF_8)));
				}
			}
			return null;
		});
		return keys;
	}

	/**
	 * Deletes the keys under a test's prefix, one by one (they are in many slots).
	 */
	public static void deleteUnder(StringRedisTemplate redis, String prefix) {
		for (String key : under(redis, prefix)) {
			redis.delete(key);
		}
	}

}
