package io.github.wxminiauth.integration.redis;

import java.util.Map;

import io.github.wxminiauth.test.LocalRedisCluster;

/**
 * Every scenario of {@link WxMiniMultiInstanceIntegrationTests} with both instances on the local
 * Redis Cluster, configured as an application would be: {@code spring.data.redis.cluster.nodes}.
 */
class WxMiniClusterMultiInstanceIntegrationTests extends WxMiniMultiInstanceIntegrationTests {

	@Override
	Map<String, Object> redisProperties() {
		return clusterProperties();
	}

	/**
	 * The local cluster's nodes, and a Lettuce that follows a failover.
	 */
	static Map<String, Object> clusterProperties() {
		return Map.of("spring.data.redis.cluster.nodes", String.join(",", LocalRedisCluster.nodes()),
				"spring.data.redis.lettuce.cluster.refresh.adaptive", "true",
				"spring.data.redis.lettuce.cluster.refresh.period", "1s");
	}

}
