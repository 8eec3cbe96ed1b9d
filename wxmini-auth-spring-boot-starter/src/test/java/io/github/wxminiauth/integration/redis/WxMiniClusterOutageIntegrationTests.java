package io.github.wxminiauth.integration.redis;

import java.util.Map;

import io.github.wxminiauth.test.LocalRedisCluster;

/**
 * The scenario of {@link WxMiniRedisOutageIntegrationTests} with the instances on the local Redis
 * Cluster, every node of which goes down and comes back (empty, as nothing is persisted).
 */
class WxMiniClusterOutageIntegrationTests extends WxMiniRedisOutageIntegrationTests {

	@Override
	Map<String, Object> redisProperties() {
		return WxMiniClusterMultiInstanceIntegrationTests.clusterProperties();
	}

	@Override
	void startRedis() {
		LocalRedisCluster.heal();
	}

	@Override
	void stopRedis() {
		LocalRedisCluster.down();
	}

}
